package dev.mlpc.core.audit;

import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the number of loose objects bounded, as {@code git gc --auto} does: every commit writes a handful of loose
 * objects, and reading tens of thousands of them one file at a time is what makes a long history slow to verify. When
 * the loose objects exceed {@code gc.auto} (default 6700, estimated like git from the {@code objects/17} directory), they
 * are copied into one new pack and the loose copies that are now packed are removed. Only loose objects are touched, so
 * the cost is bounded by {@code gc.auto}, not by the size of the repository. Safe with concurrent readers and writers:
 * a loose file is deleted only once the pack holding it is in place; a lock file keeps two packers apart.
 */
final class LoosePacker {
    private static final int DEFAULT_AUTO = 6700;
    private static final String LOCK = "mlpc-pack.lock";
    private static final Duration STALE_LOCK = Duration.ofMinutes(10);

    private LoosePacker() {
    }

    /** True when the estimated number of loose objects is above {@code gc.auto} (0 or less disables packing). */
    static boolean due(Repository repo) {
        if (!(repo instanceof FileRepository fr)) return false;
        int auto = repo.getConfig().getInt(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTO, DEFAULT_AUTO);
        if (auto <= 0) return false;
        int threshold = (auto + 255) / 256;
        String[] names = new File(fr.getObjectDatabase().getDirectory(), "17").list();
        if (names == null) return false;
        int n = 0;
        for (String s : names) {
            if (s.length() == 38 && isHex(s) && ++n > threshold) return true;
        }
        return false;
    }

    /**
     * Packs every loose object into one new pack, then deletes the loose copies that are packed.
     *
     * @return the number of objects packed (0 when another packer holds the lock or there is nothing to pack)
     */
    static int pack(Repository repo) throws IOException {
        if (!(repo instanceof FileRepository fr)) return 0;
        Path lock = fr.getDirectory().toPath().resolve(LOCK);
        if (!acquire(lock)) return 0;
        try {
            ObjectDirectory odb = fr.getObjectDatabase();
            List<ObjectId> loose = looseObjects(odb.getDirectory());
            if (loose.isEmpty()) return 0;
            int packed = 0;
            try (PackInserter pi = odb.newPackInserter(); ObjectReader reader = fr.newObjectReader()) {
                pi.checkExisting(false);
                for (ObjectId id : loose) {
                    ObjectLoader ol;
                    try {
                        ol = reader.open(id);
                    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                        continue; // removed meanwhile (another packer before us, or git gc)
                    }
                    byte[] bytes = ol.getCachedBytes();
                    pi.insert(ol.getType(), bytes, 0, bytes.length);
                    packed++;
                }
                pi.flush();
            }
            new GC(fr).prunePacked();
            return packed;
        } finally {
            Files.deleteIfExists(lock);
        }
    }

    private static boolean acquire(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException e) {
            try {
                Instant modified = Files.getLastModifiedTime(lock).toInstant();
                if (modified.isBefore(Instant.now().minus(STALE_LOCK))) {
                    Files.deleteIfExists(lock); // left behind by a packer that died
                }
            } catch (IOException ignored) {
                // gone meanwhile
            }
            return false;
        }
    }

    private static List<ObjectId> looseObjects(File objects) {
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            String dir = String.format("%02x", i);
            String[] names = new File(objects, dir).list();
            if (names == null) continue;
            for (String n : names) {
                if (n.length() == 38 && isHex(n)) ids.add(ObjectId.fromString(dir + n));
            }
        }
        return ids;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }
}
