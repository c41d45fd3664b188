package dev.mlpc.providers.postgres;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCRAM-SHA-256 verifier as PostgreSQL stores it ({@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>},
 * RFC 5802 / 7677), checked against a password by recomputing both keys independently of the driver.
 */
record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    private static final Pattern FORM = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    static ScramVerifier parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier: " + text);
        Base64.Decoder b64 = Base64.getDecoder();
        return new ScramVerifier(Integer.parseInt(m.group(1)), b64.decode(m.group(2)), b64.decode(m.group(3)),
                b64.decode(m.group(4)));
    }

    /** True when the verifier was made from {@code password} (ASCII: SASLprep leaves it as it is). */
    boolean matches(String password) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] stored = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] server = hmac(salted, "Server Key");
        return MessageDigest.isEqual(stored, storedKey) && MessageDigest.isEqual(server, serverKey);
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
