"""Stack iac-datashare: Training data shared with the federated-learning partners

Exported by `mlpc export-iac --to pulumi-python` from the mlpc stack iac-datashare.
Secrets are Pulumi config secrets (pulumi config set --secret NAME), never values.
"""
import pulumi
import pulumi_azure_native.datashare as datashare
import pulumi_azure_native.resources as resources

# datashare.resource_group fl-rg
resource_group_fl_rg = resources.ResourceGroup(
    "fl-rg",
    resource_group_name="fl-rg",
    location="eastus",
    tags={"Environment": "Production"},
)

# datashare.account fl-share-account
account_fl_share_account = datashare.Account(
    "fl-share-account",
    account_name="fl-share-account",
    resource_group_name=resource_group_fl_rg.name,
    location="eastus",
    identity={"type": "SystemAssigned"},
    tags={"Environment": "Production"},
)

# datashare.account hospital-b-account
account_hospital_b_account = datashare.Account(
    "hospital-b-account",
    account_name="hospital-b-account",
    resource_group_name="consumer-rg",
    location="westeurope",
    identity={"type": "SystemAssigned"},
)

# datashare.share training-data
share_training_data = datashare.Share(
    "training-data",
    account_name=account_fl_share_account.name,
    resource_group_name=resource_group_fl_rg.name,
    share_name="training-data",
    share_kind="CopyBased",
    description="Federated-learning training data",
    terms="Terms of the data share agreement",
)

# datashare.dataset images
dataset_images = datashare.BlobFolderDataSet(
    "images",
    account_name=account_fl_share_account.name,
    resource_group_name=resource_group_fl_rg.name,
    share_name=share_training_data.name,
    data_set_name="images",
    kind="BlobFolder",
    subscription_id="22222222-2222-2222-2222-222222222222",
    resource_group="data-rg",
    storage_account_name="flsource",
    container_name="training",
    prefix="images/2026",
)

# datashare.invitation hospital-b
invitation_hospital_b = datashare.Invitation(
    "hospital-b",
    account_name=account_fl_share_account.name,
    resource_group_name=resource_group_fl_rg.name,
    share_name=share_training_data.name,
    invitation_name="hospital-b",
    target_email="consumer@example.com",
    expiration_date="2027-06-30T00:00:00Z",
)

# datashare.synchronization_setting daily
synchronization_setting_daily = datashare.ScheduledSynchronizationSetting(
    "daily",
    account_name=account_fl_share_account.name,
    resource_group_name=resource_group_fl_rg.name,
    share_name=share_training_data.name,
    synchronization_setting_name="daily",
    kind="ScheduleBased",
    recurrence_interval="Day",
    synchronization_time="2026-12-01T02:00:00Z",
)

# datashare.share_subscription fl-training
share_subscription_fl_training = datashare.ShareSubscription(
    "fl-training",
    account_name=account_hospital_b_account.name,
    resource_group_name="consumer-rg",
    share_subscription_name="fl-training",
    invitation_id="33333333-3333-3333-3333-333333333333",
    source_share_location="eastus",
)

# datashare.dataset_mapping images-to-local
dataset_mapping_images_to_local = datashare.BlobFolderDataSetMapping(
    "images-to-local",
    account_name=account_hospital_b_account.name,
    resource_group_name="consumer-rg",
    share_subscription_name=share_subscription_fl_training.name,
    data_set_mapping_name="images-to-local",
    kind="BlobFolder",
    data_set_id="44444444-4444-4444-4444-444444444444",
    subscription_id="22222222-2222-2222-2222-222222222222",
    resource_group="consumer-rg",
    storage_account_name="hospitalb",
    container_name="received",
    prefix="images",
)

# datashare.trigger nightly
trigger_nightly = datashare.ScheduledTrigger(
    "nightly",
    account_name=account_hospital_b_account.name,
    resource_group_name="consumer-rg",
    share_subscription_name=share_subscription_fl_training.name,
    trigger_name="nightly",
    kind="ScheduleBased",
    recurrence_interval="Day",
    synchronization_time="2026-12-01T03:00:00Z",
)

pulumi.export("resource_group_fl_rg_id", resource_group_fl_rg.id)
pulumi.export("account_fl_share_account_id", account_fl_share_account.id)
pulumi.export("account_hospital_b_account_id", account_hospital_b_account.id)
pulumi.export("share_training_data_id", share_training_data.id)
pulumi.export("dataset_images_id", dataset_images.id)
pulumi.export("invitation_hospital_b_id", invitation_hospital_b.id)
pulumi.export("synchronization_setting_daily_id", synchronization_setting_daily.id)
pulumi.export("share_subscription_fl_training_id", share_subscription_fl_training.id)
pulumi.export("dataset_mapping_images_to_local_id", dataset_mapping_images_to_local.id)
pulumi.export("trigger_nightly_id", trigger_nightly.id)
