import pulumi as _pulumi


def __getattr__(attr):
    if attr[:1].isupper():
        return type(attr, (_pulumi.Resource,), {})
    raise AttributeError(attr)
