package dev.mlpc.testing;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.util.encoders.Hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Locale;

/** OpenPGP keys made in the test (Ed25519, BouncyCastle): no network, no gpg agent. */
public record PgpTestKeys(String userId, String fingerprint, PGPSecretKeyRing secret, PGPPublicKeyRing pub) {

    /** A new Ed25519 signing key for {@code userId}, protected by {@code passphrase} (null or empty: unprotected). */
    public static PgpTestKeys generate(String userId, String passphrase) {
        try {
            Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
            g.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            AsymmetricCipherKeyPair kp = g.generateKeyPair();
            // a little in the past, so a signature made right now is never older than its key
            PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, kp, new Date(System.currentTimeMillis() - 60_000));
            PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(true, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
            hashed.setPreferredHashAlgorithms(false, new int[]{HashAlgorithmTags.SHA256});
            PGPKeyRingGenerator rg = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId, sha1,
                    hashed.generate(), null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256),
                    passphrase == null || passphrase.isEmpty() ? null
                            : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1).build(passphrase.toCharArray()));
            PGPSecretKeyRing secret = rg.generateSecretKeyRing();
            PGPPublicKeyRing pub = rg.generatePublicKeyRing();
            return new PgpTestKeys(userId, Hex.toHexString(pub.getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT), secret, pub);
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The armored public key (what {@code gpg --armor --export} gives). */
    public String armoredPublic() {
        return armor(pub::encode);
    }

    /** The armored secret key (what {@code gpg --armor --export-secret-keys} gives). */
    public String armoredSecret() {
        return armor(secret::encode);
    }

    /** The 16-hex key id. */
    public String keyId() {
        return fingerprint.substring(fingerprint.length() - 16);
    }

    private interface Encoder {
        void encode(java.io.OutputStream out) throws IOException;
    }

    private static String armor(Encoder e) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream a = new ArmoredOutputStream(out)) {
                e.encode(a);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
