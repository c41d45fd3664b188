package dev.mlpc.core.audit;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.util.encoders.Hex;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * OpenPGP with BouncyCastle: reading armored keys, detached signatures over commit payloads (made and checked).
 * Used by {@link OpenPgpSigner} (signing with an armored secret-key file), {@link TrustedKeys} and
 * {@link CommitSignatures} (verification).
 */
public final class OpenPgp {
    private OpenPgp() { }

    /** A public key (primary or subkey) with the identity of its key ring. */
    public record PublicKey(PGPPublicKey key, String fingerprint, String userId) {
        /** The long key id: the last 16 hex digits of the fingerprint. */
        public String keyId() {
            return fingerprint.length() > 16 ? fingerprint.substring(fingerprint.length() - 16) : fingerprint;
        }
    }

    /** A key ring read from a file: the primary key's fingerprint and user id and every key in the ring. */
    public record KeyRing(String fingerprint, String userId, List<PublicKey> keys) { }

    /** Upper-case hex fingerprint. */
    public static String fingerprint(PGPPublicKey k) {
        return Hex.toHexString(k.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    private static String userId(PGPPublicKey primary) {
        Iterator<String> ids = primary.getUserIDs();
        return ids.hasNext() ? ids.next() : null;
    }

    /**
     * The public key rings of an armored (or binary) public-key file.
     *
     * @throws IOException with a reason for people when the file holds no public key, or holds a secret key
     */
    public static List<KeyRing> readPublicKeys(byte[] data) throws IOException {
        List<KeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data))) {
            PGPObjectFactory f = new BcPGPObjectFactory(in);
            for (Object o; (o = nextObject(f)) != null; ) {
                if (o instanceof PGPPublicKeyRing ring) {
                    PGPPublicKey primary = ring.getPublicKey();
                    String uid = userId(primary);
                    List<PublicKey> keys = new ArrayList<>();
                    for (PGPPublicKey k : ring) keys.add(new PublicKey(k, fingerprint(k), uid));
                    rings.add(new KeyRing(fingerprint(primary), uid, List.copyOf(keys)));
                } else if (o instanceof PGPSecretKeyRing) {
                    throw new IOException("it holds a SECRET key: give the public key only (gpg --armor --export KEYID)");
                } else {
                    throw new IOException("it holds " + o.getClass().getSimpleName().replace("PGP", "an OpenPGP ")
                            + ", not a public key");
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("not an OpenPGP public key (" + e.getMessage() + ")", e);
        }
        if (rings.isEmpty()) throw new IOException("no OpenPGP public key in it");
        return rings;
    }

    private static Object nextObject(PGPObjectFactory f) throws IOException {
        try {
            return f.nextObject();
        } catch (RuntimeException e) {
            throw new IOException("not readable as OpenPGP data (" + e.getMessage() + ")", e);
        }
    }

    /** What a signature names as its issuer: the fingerprint when it carries one, else the 16-hex key id. */
    public record Issuer(String fingerprint, String keyId) {
        public String display() {
            return fingerprint != null ? fingerprint : keyId;
        }
    }

    /** A parsed detached signature. */
    public static final class Signature {
        private final PGPSignature sig;

        private Signature(PGPSignature sig) {
            this.sig = sig;
        }

        public Issuer issuer() {
            String fpr = null;
            if (sig.getHashedSubPackets() != null) {
                IssuerFingerprint ifp = sig.getHashedSubPackets().getIssuerFingerprint();
                if (ifp != null) fpr = Hex.toHexString(ifp.getFingerprint()).toUpperCase(Locale.ROOT);
            }
            if (fpr == null && sig.getUnhashedSubPackets() != null) {
                IssuerFingerprint ifp = sig.getUnhashedSubPackets().getIssuerFingerprint();
                if (ifp != null) fpr = Hex.toHexString(ifp.getFingerprint()).toUpperCase(Locale.ROOT);
            }
            long id = sig.getKeyID();
            String keyId = id != 0 ? String.format(Locale.ROOT, "%016X", id)
                    : fpr != null && fpr.length() >= 16 ? fpr.substring(fpr.length() - 16) : null;
            return new Issuer(fpr, keyId);
        }

        /** Whether this signature by {@code key} covers exactly {@code payload}. */
        public boolean verify(PGPPublicKey key, byte[] payload) throws PGPException {
            sig.init(new BcPGPContentVerifierBuilderProvider(), key);
            sig.update(payload);
            return sig.verify();
        }
    }

    /**
     * Reads an armored detached signature.
     *
     * @throws IOException when it is not one
     */
    public static Signature readSignature(byte[] armored) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            PGPObjectFactory f = new BcPGPObjectFactory(in);
            Object o = nextObject(f);
            if (o instanceof PGPCompressedData cd) {
                try {
                    f = new BcPGPObjectFactory(cd.getDataStream());
                } catch (PGPException e) {
                    throw new IOException(e.getMessage(), e);
                }
                o = nextObject(f);
            }
            if (o instanceof PGPSignatureList list && !list.isEmpty()) return new Signature(list.get(0));
            throw new IOException("not an OpenPGP signature");
        }
    }

    /** Whether {@code key} may make signatures (its algorithm signs). */
    static boolean canSign(PGPSecretKey k) {
        return k.isSigningKey() && !k.isPrivateKeyEmpty();
    }

    /** Unlocks a secret key; a wrong passphrase is a {@link PGPException}. */
    static PGPPrivateKey unlock(PGPSecretKey k, char[] passphrase) throws PGPException {
        return k.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(passphrase == null ? new char[0] : passphrase));
    }

    /** An armored detached signature (SHA-256, binary document, issuer fingerprint) of {@code payload}. */
    static byte[] sign(PGPSecretKey k, PGPPrivateKey pk, byte[] payload, PersonIdent committer) throws PGPException, IOException {
        PGPSignatureGenerator g = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(k.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), k.getPublicKey());
        g.init(PGPSignature.BINARY_DOCUMENT, pk);
        PGPSignatureSubpacketGenerator sp = new PGPSignatureSubpacketGenerator();
        sp.setSignatureCreationTime(false, committer == null ? new Date() : Date.from(committer.getWhenAsInstant()));
        sp.setIssuerFingerprint(false, k);
        sp.setIssuerKeyID(false, k.getKeyID());
        g.setHashedSubpackets(sp.generate());
        g.update(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream a = new ArmoredOutputStream(out)) {
            a.clearHeaders();
            g.generate().encode(a);
        }
        return out.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
