package dev.mlpc.iac;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Translates a stack into another tool's configuration: a Pulumi program in Python or Terraform JSON. One table of
 * {@link TypeMap}s per provider ({@link SnowflakeIac}, {@link SageMakerIac}, {@link DataShareIac}, {@link PostgresIac})
 * says which resource and which arguments each type becomes; references between resources stay references; secrets
 * become secret inputs; whatever has no equivalent is listed in the output and in {@link Result#unmapped()}.
 * Deterministic: the same stack gives the same bytes.
 */
public final class IacExporter {
    /** The export: files by name (sorted), and what has no equivalent (one line each, sorted). */
    public record Result(IacFormat format, SortedMap<String, String> files, List<String> unmapped,
                         List<IacResource> resources, Map<String, String> secrets) {
        /** The main file's text ({@code __main__.py} or {@code main.tf.json}). */
        public String main() { return files.get(format.mainFile()); }
    }

    private static final Map<String, TypeMap> MAPS = new LinkedHashMap<>();
    private static final List<String> ORDER = new ArrayList<>();

    static {
        for (List<TypeMap> l : List.of(SnowflakeIac.maps(), SageMakerIac.maps(), DataShareIac.maps(), PostgresIac.maps())) {
            for (TypeMap m : l) {
                MAPS.put(m.type, m);
                ORDER.add(m.type);
            }
        }
    }

    /** The mapping of a stack type, if any. */
    static java.util.Optional<TypeMap> map(String type) {
        return java.util.Optional.ofNullable(MAPS.get(type));
    }

    /** The stack types that have a mapping. */
    public static Set<String> supportedTypes() {
        return Collections.unmodifiableSet(MAPS.keySet());
    }

    public Result export(Stack stack, IacFormat format) {
        Map<ResourceKey, String> variables = new HashMap<>();
        Map<ResourceKey, String> tfTypes = new HashMap<>();
        Map<ResourceKey, TypeMap.Target> targets = new HashMap<>();
        Map<ResourceKey, IacResource> exported = new LinkedHashMap<>();
        IacContext c = new IacContext(stack, format, variables, tfTypes, exported);
        List<Resource> resources = new ArrayList<>(stack.resources());
        resources.sort(Comparator.comparingInt((Resource r) -> rank(r.type())).thenComparing(Resource::name));
        Set<String> used = new HashSet<>();
        for (Resource r : resources) {
            TypeMap m = MAPS.get(r.type());
            if (m == null) {
                c.noEquivalent(r, null, "the whole resource (mlpc export-iac knows no equivalent of " + r.type() + ")");
                continue;
            }
            TypeMap.Target t = m.target(r, c);
            if (t.missing() != null) {
                c.noEquivalent(r, null, "the whole resource (" + t.missing() + ")");
                continue;
            }
            String base = identifier(r.kind() + "_" + r.name().toLowerCase(Locale.ROOT));
            String v = base;
            for (int i = 2; !used.add(v); i++) v = base + "_" + i;
            variables.put(r.key(), v);
            tfTypes.put(r.key(), t.tfType());
            targets.put(r.key(), t);
        }
        for (Resource r : resources) {
            TypeMap.Target t = targets.get(r.key());
            if (t == null) continue;
            IacResource out = new IacResource(r.key(), variables.get(r.key()), r.name(), t.pulumiModule(),
                    t.pulumiAlias(), t.pulumiClass(), t.tfType(), rank(r.type()));
            exported.put(r.key(), out);
            MAPS.get(r.type()).apply(r, c, out);
        }
        // a mapping may fold a resource into another (a share's snapshot schedule): it removes its own
        exported.values().removeIf(x -> x.args().containsKey(FOLDED));
        List<IacResource> ordered = order(new ArrayList<>(exported.values()));
        List<String> unmapped = new ArrayList<>(c.unmapped());
        Collections.sort(unmapped);
        SortedMap<String, String> files = new TreeMap<>();
        if (format == IacFormat.PULUMI_PYTHON) {
            files.putAll(new PulumiPythonWriter().write(stack, ordered, c.secrets(), unmapped));
        } else {
            files.putAll(new TerraformJsonWriter().write(stack, ordered, c.secrets(), unmapped));
        }
        return new Result(format, Collections.unmodifiableSortedMap(files), List.copyOf(unmapped), List.copyOf(ordered),
                Collections.unmodifiableMap(new TreeMap<>(c.secrets())));
    }

    /**
     * The files of an export that already exist in {@code dir} with other content (a user's edit would be lost by
     * {@link #write}); files with the same content, and files not there yet, are not listed. Sorted by name.
     */
    public static List<java.nio.file.Path> changedFiles(Result result, java.nio.file.Path dir) throws java.io.IOException {
        List<java.nio.file.Path> out = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(dir)) return out;
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(result.files()).entrySet()) {
            java.nio.file.Path p = dir.resolve(f.getKey());
            if (!java.nio.file.Files.isRegularFile(p)) continue;
            byte[] now;
            try {
                now = java.nio.file.Files.readAllBytes(p);
            } catch (java.nio.file.AccessDeniedException e) {
                throw new OutError(p + ": permission denied (cannot read it to compare)");
            }
            if (!java.util.Arrays.equals(now, f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8))) out.add(p);
        }
        return out;
    }

    /**
     * {@link #write}, unless a file there has other content and {@code force} is false: then nothing is written and
     * {@link Overwrite} names the files.
     */
    public static List<java.nio.file.Path> write(Result result, java.nio.file.Path dir, boolean force) throws java.io.IOException {
        if (!force) {
            List<java.nio.file.Path> changed = changedFiles(result, dir);
            if (!changed.isEmpty()) throw new Overwrite(changed);
        }
        return write(result, dir);
    }

    /** Files an export would overwrite whose content differs from what it writes. */
    public static final class Overwrite extends java.io.IOException {
        private static final long serialVersionUID = 1L;
        private final transient List<java.nio.file.Path> files;

        public Overwrite(List<java.nio.file.Path> files) {
            super("would overwrite " + files.size() + (files.size() == 1 ? " file" : " files") + " with other content: "
                    + String.join(", ", files.stream().map(java.nio.file.Path::toString).toList()));
            this.files = List.copyOf(files);
        }

        public List<java.nio.file.Path> files() { return files; }
    }

    /**
     * Writes the files of an export into {@code dir} (created if missing), replacing files of the same names; returns
     * the paths written, sorted.
     */
    public static List<java.nio.file.Path> write(Result result, java.nio.file.Path dir) throws java.io.IOException {
        // all or nothing: every file goes to a temporary name first and is moved into place only when all are written
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new OutError(dir + " is a file, not a folder");
        }
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new OutError(dir + ": permission denied (cannot create " + e.getFile() + ")");
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new OutError(dir + ": cannot create: " + e.getFile() + " is a file, not a folder");
        } catch (java.io.IOException e) {
            throw new OutError(dir + ": cannot create (" + reason(e) + ")");
        }
        for (String name : result.files().keySet()) {
            if (java.nio.file.Files.isDirectory(dir.resolve(name))) throw new OutError(dir.resolve(name) + " is a folder, not a file");
        }
        if (!java.nio.file.Files.isWritable(dir)) throw new OutError(dir + ": permission denied (the folder is not writable)");
        Map<java.nio.file.Path, java.nio.file.Path> temps = new java.util.LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> f : result.files().entrySet()) {
                java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dir, "." + f.getKey() + ".", ".tmp");
                temps.put(tmp, dir.resolve(f.getKey()));
                try {
                    java.nio.file.Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system's default permissions
                }
                java.nio.file.Files.writeString(tmp, f.getValue(), java.nio.charset.StandardCharsets.UTF_8);
            }
            List<java.nio.file.Path> out = new ArrayList<>();
            for (Map.Entry<java.nio.file.Path, java.nio.file.Path> t : temps.entrySet()) {
                java.nio.file.Files.move(t.getKey(), t.getValue(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                out.add(t.getValue());
            }
            temps.clear();
            return out;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new OutError(dir + ": permission denied (" + e.getFile() + ")");
        } catch (java.io.IOException e) {
            throw new OutError(dir + ": cannot write (" + reason(e) + ")");
        } finally {
            for (java.nio.file.Path tmp : temps.keySet()) {
                try {
                    java.nio.file.Files.deleteIfExists(tmp);
                } catch (java.io.IOException ignored) {
                    // best effort: the temporary file is hidden and named for what it was
                }
            }
        }
    }

    private static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code --out} cannot be written: the message names the path and the reason. */
    public static final class OutError extends java.io.IOException {
        public OutError(String message) {
            super(message);
        }
    }

    /** Marks a resource as folded into another one (it is not written itself). */
    static final String FOLDED = "\u0000folded";

    private static int rank(String type) {
        int i = ORDER.indexOf(type);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** Dependencies first (Python needs a variable before its use); among the ready ones: type order, then name. */
    private static List<IacResource> order(List<IacResource> all) {
        Map<String, IacResource> byVar = new HashMap<>();
        all.forEach(r -> byVar.put(r.variable(), r));
        Map<String, Set<String>> deps = new HashMap<>();
        for (IacResource r : all) {
            Set<String> d = new HashSet<>();
            r.args().values().forEach(v -> refs(v, d));
            d.remove(r.variable());
            d.retainAll(byVar.keySet());
            deps.put(r.variable(), d);
        }
        Comparator<IacResource> cmp = Comparator.comparingInt(IacResource::rank).thenComparing(IacResource::variable);
        // Kahn's algorithm with a priority queue: among the ready ones, type rank then variable
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<IacResource>> dependents = new HashMap<>();
        java.util.PriorityQueue<IacResource> ready = new java.util.PriorityQueue<>(cmp);
        for (IacResource r : all) {
            waiting.put(r.variable(), deps.get(r.variable()).size());
            for (String d : deps.get(r.variable())) dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(r);
            if (deps.get(r.variable()).isEmpty()) ready.add(r);
        }
        List<IacResource> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (out.size() < all.size()) {
            IacResource next = ready.poll();
            if (next == null) {
                // a cycle cannot pass validation; keep going rather than stop
                next = all.stream().filter(r -> !done.contains(r.variable())).min(cmp).orElseThrow();
            }
            if (!done.add(next.variable())) continue;
            out.add(next);
            for (IacResource d : dependents.getOrDefault(next.variable(), List.of())) {
                if (waiting.merge(d.variable(), -1, Integer::sum) == 0 && !done.contains(d.variable())) ready.add(d);
            }
        }
        return out;
    }

    static void refs(IacValue v, Set<String> into) {
        if (v instanceof IacValue.Ref r) into.add(r.resource());
        else if (v instanceof IacValue.ListV l) l.items().forEach(x -> refs(x, into));
        else if (v instanceof IacValue.MapV m) m.entries().values().forEach(x -> refs(x, into));
        else if (v instanceof IacValue.Concat cc) cc.parts().forEach(x -> refs(x, into));
    }

    /** A name usable as a Python identifier and a Terraform name: letters, digits and '_', not starting with a digit. */
    static String identifier(String text) {
        String s = text.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("_+", "_");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) s = "_" + s;
        return s;
    }
}
