package dev.mlpc.ui.lineage;

import atlantafx.base.theme.Styles;
import dev.mlpc.governance.Finding;
import dev.mlpc.governance.Severity;
import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.SVGPath;
import javafx.scene.text.Text;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The Lineage map: one node's upstream and downstream, laid out by {@link LineageLayout} (ELK layered, on the
 * background executor) and drawn as boxes coloured by system with drift and governance badges, and edges with arrows.
 *
 * <p>Keys (on the map): Right/Left follow an edge downstream/upstream, Up/Down move within the column, Enter selects the
 * focused node in its live tree or the registry browser, Ctrl+Enter re-centres the map on it, +/- zoom, 0 fits,
 * Shift+arrows pan, Ctrl+F searches (Enter in the search box moves the focus to the next hit; Escape clears the search
 * and returns to the map; Escape with nothing to clear, or Ctrl+W, closes the window: {@link LineageMapWindow}).
 * Ctrl+wheel zooms; dragging pans. A click focuses a node and selects it like Enter. Fitting keeps a readable scale
 * ({@link #MIN_FIT_ZOOM}); depth is 1 to {@link #MAX_DEPTH}, as the CLI's. A node that is not in the graph empties the
 * map with the reason over it (never the previous node's map).</p>
 */
public final class LineageMapView extends BorderPane {
    public static final double MIN_ZOOM = 0.15;
    public static final double MAX_ZOOM = 3;
    /**
     * Fitting never zooms out below this: the 12 px labels stay at 10 px, the 9 px badges above 7.5 px (at 0.6 a label
     * was 7 px, unreadable). A larger map scrolls to the focused node; - zooms out further by hand.
     */
    public static final double MIN_FIT_ZOOM = 0.85;
    /** The deepest map: the range of {@code mlpc lineage --depth} (1 to 50). */
    public static final int MAX_DEPTH = 50;

    private final UiExecutor executor;
    private final LineageMapSource source;
    private Consumer<LineageNode> opener = n -> { };

    private final TextField search = new TextField();
    private final Spinner<Integer> depth = new Spinner<>(1, MAX_DEPTH, 3);
    private final Label depthLabel = new Label("_Depth (1–" + MAX_DEPTH + ")");
    private final ChoiceBox<Direction> direction = new ChoiceBox<>();
    private final CheckBox live = new CheckBox("_Live");
    private final Label status = new Label();
    /** What the map says before a node is chosen. */
    static final String NO_NODE_YET = "No node chosen yet. Type part of a name in the search box and press Enter to map"
            + " that node, or open the map from a tree row (Show on lineage map) or a registry version's Lineage tab.";

    /** Over the empty canvas: why the map shows nothing (a node that is not in the graph). */
    private final Label empty = new Label();
    private final Pane canvas = new Pane();
    private final Group zoomGroup = new Group(canvas);
    /** Centres a map smaller than the window. */
    private final StackPane holder = new StackPane(zoomGroup, empty);
    private final ScrollPane scroll = new ScrollPane(holder);

    private final ReadOnlyStringWrapper root = new ReadOnlyStringWrapper(this, "root");
    private final ReadOnlyStringWrapper focused = new ReadOnlyStringWrapper(this, "focused");
    private final ReadOnlyObjectWrapper<LineageLayout.Result> layout =
            new ReadOnlyObjectWrapper<>(this, "layout", LineageLayout.Result.empty());
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final Map<String, Pane> boxes = new LinkedHashMap<>();
    /** The one tooltip of the map, moved to the hovered node or edge. */
    private final Tooltip tip = new Tooltip();
    private Node tipOwner;
    private SVGPath edgeHit;
    private Map<String, List<Finding>> drawnFindings = Map.of();
    /** Set to cancel the layout running now (a newer request supersedes it). */
    private AtomicBoolean layoutCancel = new AtomicBoolean();
    private List<String> hits = List.of();
    private int hitIndex = -1;
    private double zoom = 1;

    private LineageMapSource.Data data;
    private boolean dataLive;
    private int generation;
    private boolean busy;
    /** What {@link #show(String, Predicate)} asked for while the graph was loading. */
    private Predicate<LineageNode> pending;
    private String pendingWhat;
    /** What the depth control said of a value out of its range, for the next layout's status line. */
    private String depthNote;

    public LineageMapView(UiExecutor executor, LineageMapSource source) {
        this.executor = Objects.requireNonNull(executor);
        this.source = Objects.requireNonNull(source);
        getStyleClass().add("lineage-map");
        setTop(buildToolBar());
        canvas.setId("lineage-canvas");
        canvas.getStyleClass().add("lineage-canvas");
        holder.getStyleClass().add("lineage-canvas");
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, this::click);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hideTip());
        scroll.viewportBoundsProperty().addListener((o, a, b) -> {
            holder.setMinWidth(b.getWidth());
            holder.setMinHeight(b.getHeight());
        });
        scroll.setId("lineage-scroll");
        scroll.setPannable(true);
        scroll.setFocusTraversable(true);
        scroll.getStyleClass().add("lineage-scroll");
        scroll.addEventFilter(KeyEvent.KEY_PRESSED, this::mapKey);
        scroll.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.isShortcutDown() || e.isControlDown()) {
                zoomBy(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15);
                e.consume();
            }
        });
        setCenter(scroll);
        status.setId("lineage-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        empty.setId("lineage-empty");
        empty.setWrapText(true);
        empty.setMaxWidth(520);
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        // before any node is chosen (the map opened from the menu with nothing selected): say how to pick one
        empty.setText(NO_NODE_YET);
        empty.setVisible(true);
        empty.setManaged(true);
        Label closeHint = dev.mlpc.ui.CloseKeys.hint("lineage-close-hint");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bottom = new HBox(8, status, gap, closeHint);
        bottom.setPadding(new Insets(3, 8, 3, 8));
        setBottom(bottom);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
                search.requestFocus();
                search.selectAll();
                e.consume();
            }
        });
    }

    private ToolBar buildToolBar() {
        search.setId("lineage-search");
        search.setPromptText("Search nodes (Ctrl+F)");
        search.setPrefColumnCount(12);
        search.setTooltip(new Tooltip("Ctrl+F: search the map; Enter: next match; Escape clears the search, then closes the window (as Ctrl+W does)"));
        search.textProperty().addListener((o, a, b) -> highlight());
        search.setOnAction(e -> nextHit());
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            // Escape clears a search and returns to the map; with nothing to clear it closes the window (the scene's
            // accelerator, as on the map)
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                scroll.requestFocus();
                e.consume();
            }
        });
        depthLabel.setId("lineage-depth-label");
        depthLabel.setMnemonicParsing(true);
        depthLabel.setLabelFor(depth);
        depth.setId("lineage-depth");
        depth.setEditable(true);
        depth.setPrefWidth(72);
        depth.setTooltip(new Tooltip("Edges to follow from the node: 1 to " + MAX_DEPTH + ", as mlpc lineage --depth"
                + " (a deep map of a large graph takes longer to lay out)"));
        depth.getValueFactory().setConverter(new StringConverter<>() {
            @Override public String toString(Integer v) { return v == null ? "" : v.toString(); }

            @Override public Integer fromString(String text) {
                Integer now = depth.getValue();
                String t = text == null ? "" : text.trim();
                int v;
                try {
                    v = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    depthNote = "Depth: \"" + t + "\" is not a number; it is 1 to " + MAX_DEPTH + " (kept " + now + ")";
                    status.setText(depthNote);
                    return now;
                }
                if (v < 1 || v > MAX_DEPTH) {
                    int c = Math.max(1, Math.min(MAX_DEPTH, v));
                    depthNote = "Depth is 1 to " + MAX_DEPTH + " (as mlpc lineage --depth): " + v + " became " + c;
                    status.setText(depthNote);
                    return c;
                }
                return v;
            }
        });        depth.valueProperty().addListener((o, a, b) -> relayout());
        direction.setId("lineage-direction");
        direction.getItems().setAll(Direction.BOTH, Direction.UPSTREAM, Direction.DOWNSTREAM);
        direction.setValue(Direction.BOTH);
        direction.setConverter(new StringConverter<>() {
            @Override public String toString(Direction d) {
                return d == null ? "" : switch (d) {
                    case BOTH -> "Both ways";
                    case UPSTREAM -> "Upstream";
                    case DOWNSTREAM -> "Downstream";
                };
            }

            @Override public Direction fromString(String s) { return null; }
        });
        direction.setTooltip(new Tooltip("Which edges to follow: upstream and downstream (both ways), upstream or downstream"));
        direction.valueProperty().addListener((o, a, b) -> relayout());
        live.setId("lineage-live");
        live.setMnemonicParsing(true);
        live.setTooltip(new Tooltip("Also read the connected systems' live inventories (drift marks)"));
        live.selectedProperty().addListener((o, a, b) -> reload());
        Button zoomIn = iconButton("lineage-zoom-in", Feather.ZOOM_IN, "Zoom in (+, Ctrl+wheel)", () -> zoomBy(1.25));
        Button zoomOut = iconButton("lineage-zoom-out", Feather.ZOOM_OUT, "Zoom out (-)", () -> zoomBy(1 / 1.25));
        Button fit = iconButton("lineage-fit", Feather.MAXIMIZE, "Fit the map in the window, down to " + Math.round(MIN_FIT_ZOOM * 100) + " % (a larger map scrolls) (0)", this::fit);
        Button reroot = iconButton("lineage-reroot", Feather.CROSSHAIR, "Map from the focused node (Ctrl+Enter)", this::rerootOnFocus);
        Button refresh = iconButton("lineage-reload", Feather.REFRESH_CW, "Read the graph again", this::reload);
        Button svg = new Button("SVG…");
        svg.setMinWidth(Region.USE_PREF_SIZE);
        svg.setId("lineage-export-svg");
        svg.setTooltip(new Tooltip("Export the map as SVG"));
        svg.setOnAction(e -> chooseExport(true));
        Button png = new Button("PNG…");
        png.setMinWidth(Region.USE_PREF_SIZE);
        png.setId("lineage-export-png");
        png.setTooltip(new Tooltip("Export the map as PNG"));
        png.setOnAction(e -> chooseExport(false));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(search, depthLabel, depth, direction, live, zoomOut, zoomIn, fit, reroot, refresh, spacer, svg, png);
        bar.setId("lineage-toolbar");
        return bar;
    }

    private static Button iconButton(String id, Feather icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add(Styles.BUTTON_ICON);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    // ---- public API --------------------------------------------------------------------------------------------

    /** What Enter (and a click) on a node calls: select it in its live tree or the registry browser. */
    public void setOpener(Consumer<LineageNode> opener) { this.opener = Objects.requireNonNull(opener); }

    /** Shows the map around node {@code id} (the graph is read first when not read yet). */
    public void show(String id) {
        show(id, n -> n.id().equals(id));
    }

    /** Shows the map around the first node that {@code match} accepts; {@code what} names it in messages. */
    public void show(String what, Predicate<LineageNode> match) {
        pending = Objects.requireNonNull(match);
        pendingWhat = what;
        if (data == null || dataLive != live.isSelected()) {
            if (!busy) load();
            return;
        }
        resolvePending();
    }

    /** Reads the graph and findings again, then lays out around the same root. */
    public void reload() {
        String r = root.get();
        if (r != null && pending == null) {
            pending = n -> n.id().equals(r);
            pendingWhat = r;
        }
        data = null;
        load();
    }

    /** The node the map is drawn around. */
    public ReadOnlyStringProperty rootProperty() { return root.getReadOnlyProperty(); }

    /** The node with the keyboard focus of the map (null when empty). */
    public ReadOnlyStringProperty focusedNodeProperty() { return focused.getReadOnlyProperty(); }

    /** The current layout (empty before the first). */
    public ReadOnlyObjectProperty<LineageLayout.Result> layoutProperty() { return layout.getReadOnlyProperty(); }

    /** The last failure in words, empty when none. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** The graph read last (null before). */
    public LineageGraph graph() { return data == null ? null : data.graph(); }

    /**
     * The drawn box of a node (null when it is not on the map): style classes {@code lineage-node} and its system's
     * ({@link LineageStyle#styleClass}); pseudo-classes {@code :root-node}, {@code :focused-node}, {@code :hit},
     * {@code :unknown}.
     */
    public Region box(String id) { return boxes.get(id); }

    public TextField searchField() { return search; }

    public Spinner<Integer> depthSpinner() { return depth; }

    /** The depth control's label, which names its range. */
    public Label depthLabel() { return depthLabel; }

    /** The toolbar (every control of it fits at the window's default size). */
    public ToolBar toolBar() { return (ToolBar) getTop(); }

    /** The status line. */
    public Label statusLabel() { return status; }

    /** Why the map is empty (empty text when it is not). */
    public String emptyMessage() { return empty.isVisible() ? empty.getText() : ""; }

    public ChoiceBox<Direction> directionChoice() { return direction; }

    public ScrollPane scrollPane() { return scroll; }

    public double zoom() { return zoom; }

    /** The search hits on the map, in map order. */
    public List<String> hits() { return hits; }

    /** True while the graph is read or laid out. */
    public boolean busy() { return busy; }

    /** Moves the map's focus to {@code id} (when on the map) and scrolls it into view. */
    public void focus(String id) {
        if (!boxes.containsKey(id)) return;
        String old = focused.get();
        focused.set(id);
        if (old != null && boxes.containsKey(old)) styleBox(old);
        styleBox(id);
        scrollIntoView(id);
    }

    /** Writes the map as SVG (on the background executor); {@code done} gets null or the failure, on the FX thread. */
    public void exportSvg(Path file, Consumer<String> done) {
        LineageLayout.Result r = layout.get();
        Map<String, List<Finding>> fs = findingsByNode();
        Tasks.create(() -> Files.writeString(file, LineageSvg.write(r, fs)))
                .onSuccess(p -> {
                    status.setText("Exported the map to " + file);
                    done.accept(null);
                })
                .onError(e -> done.accept(fail("Cannot export the map to " + file, e)))
                .run(executor);
    }

    /** Writes the map as PNG: a snapshot here on the FX thread, the file on the background executor. */
    public void exportPng(Path file, Consumer<String> done) {
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.TRANSPARENT); // the canvas paints its own (theme's) background
        p.setTransform(javafx.scene.transform.Transform.scale(1 / zoom, 1 / zoom));
        WritableImage image = canvas.snapshot(p, null);
        Tasks.create(() -> {
                    LineagePng.write(image, file);
                    return file;
                })
                .onSuccess(f -> {
                    status.setText("Exported the map to " + file);
                    done.accept(null);
                })
                .onError(e -> done.accept(fail("Cannot export the map to " + file, e)))
                .run(executor);
    }

    // ---- loading and layout -------------------------------------------------------------------------------------

    private void load() {
        int gen = ++generation;
        busy = true;
        boolean withLive = live.isSelected();
        FxProgress progress = new FxProgress(executor.fx());
        progress.messageProperty().addListener((o, a, b) -> {
            if (gen == generation && b != null && !b.isEmpty()) status.setText(b);
        });
        status.setText(withLive ? "Reading the lineage graph and the live systems…" : "Reading the lineage graph…");
        Tasks.create(() -> source.load(withLive, progress))
                .onSuccess(d -> {
                    if (gen != generation) return;
                    busy = false;
                    data = d;
                    dataLive = withLive;
                    resolvePending();
                })
                .onError(e -> {
                    if (gen != generation) return;
                    busy = false;
                    fail("Cannot read the lineage graph", e);
                })
                .run(executor);
    }

    private void resolvePending() {
        Predicate<LineageNode> match = pending;
        String what = pendingWhat;
        pending = null;
        if (match == null) return;
        LineageNode hit = null;
        for (LineageNode n : data.graph().nodes()) {
            if (match.test(n)) {
                hit = n;
                break;
            }
        }
        if (hit == null) {
            // no stale map of the previous node: the map empties and says why
            error.set(what + " is not in the lineage graph");
            clearMap(error.get() + ": no stack, model registry"
                    + (dataLive ? " or live system" : " (nor, without Live, a live system)") + " links it to anything.");
            status.setText(error.get());
            return;
        }
        if (!hit.id().equals(root.get())) search.clear();
        root.set(hit.id());
        relayout();
    }

    /** Empties the map (no root, nothing drawn) and shows {@code why} over it. */
    private void clearMap(String why) {
        generation++;
        layoutCancel.set(true);
        busy = false;
        search.clear();
        root.set(null);
        focused.set(null);
        hideTip();
        boxes.clear();
        drawnFindings = Map.of();
        edgeHit = null;
        layout.set(LineageLayout.Result.empty());
        canvas.getChildren().clear();
        canvas.setPrefSize(0, 0);
        canvas.setMinSize(0, 0);
        hits = List.of();
        hitIndex = -1;
        setZoom(1);
        empty.setText(why);
        empty.setVisible(true);
        empty.setManaged(true);
    }

    private void relayout() {
        String r = root.get();
        if (data == null || r == null) return;
        if (data.graph().node(r).isEmpty()) {
            fail("Cannot lay out the map", new IllegalStateException(r + " is no longer in the lineage graph"));
            return;
        }
        int gen = ++generation;
        busy = true;
        int d = depth.getValue() == null ? 3 : depth.getValue();
        Direction dir = direction.getValue();
        LineageGraph g = data.graph();
        LineageMapSource.Data source = data;
        status.setText("Laying out…");
        layoutCancel.set(true);
        AtomicBoolean cancel = new AtomicBoolean();
        layoutCancel = cancel;
        Tasks.create(() -> {
                    long t0 = System.nanoTime();
                    LineageGraph hood = g.neighbourhood(r, dir, d);
                    LineageLayout.Result res = LineageLayout.layout(hood, r, cancel::get);
                    long t1 = System.nanoTime();
                    // the map's nodes are built here too (not yet in a scene: allowed off the FX thread); the FX
                    // thread only adds them, styles and lays them out
                    Drawing drawing = drawing(res, LineageFindings.byNode(source.graph(), source.findings()), r);
                    return new Laid(drawing, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
                })
                .onSuccess(l -> {
                    if (gen != generation) return;
                    busy = false;
                    error.set("");
                    long t0 = System.nanoTime();
                    draw(l.drawing());
                    long drawn = (System.nanoTime() - t0) / 1_000_000;
                    LineageLayout.Result res = l.drawing().layout();
                    String note = depthNote == null ? "" : depthNote + " · ";
                    depthNote = null;
                    status.setText(note + res.boxes().size() + " nodes, " + res.routes().size() + " edges around "
                            + g.node(r).map(LineageNode::label).orElse(r) + " · laid out in " + l.millis() + " ms, nodes built in "
                            + l.buildMillis() + " ms, drawn in " + drawn + " ms");
                })
                .onError(e -> {
                    if (gen != generation) return;
                    busy = false;
                    fail("Cannot lay out the map", e);
                })
                .run(executor);
    }

    private record Laid(Drawing drawing, long millis, long buildMillis) { }

    /** The map's nodes, built off the FX thread: edges first, then the boxes by node id. */
    private record Drawing(LineageLayout.Result layout, List<Node> edges, SVGPath edgeHit, Map<String, Pane> boxes,
                           Map<String, List<Finding>> findings) { }

    private String fail(String what, Throwable e) {
        String msg = what + ": " + UiErrors.message(e);
        error.set(msg);
        status.setText(msg);
        return msg;
    }

    // ---- drawing ------------------------------------------------------------------------------------------------
    //
    // Built for a fast first view: one Pane per node with two Text nodes (Labels only for the rare badges), colours and
    // states from shared style classes and pseudo-classes in mlpc.css (no inline style to parse per node), all edges in
    // three SVGPaths (solid, dashed, arrow heads) plus one transparent wide path for hovering, and a single Tooltip that
    // is moved to the hovered node or edge with its text, instead of a Tooltip object per node and edge.

    private static final PseudoClass ROOT_NODE = PseudoClass.getPseudoClass("root-node");
    private static final PseudoClass FOCUSED_NODE = PseudoClass.getPseudoClass("focused-node");
    private static final PseudoClass HIT = PseudoClass.getPseudoClass("hit");
    private static final PseudoClass UNKNOWN = PseudoClass.getPseudoClass("unknown");
    /** Baselines of the two text lines and the top of the badge row, as in {@link LineageSvg}. */
    private static final double SUBTITLE_Y = 15, LABEL_Y = 32, BADGES_Y = 37;
    /** How near (px, unzoomed) the pointer must be to an edge for its tooltip. */
    private static final double EDGE_HOVER = 5;

    private Map<String, List<Finding>> findingsByNode() {
        return data == null ? Map.of() : LineageFindings.byNode(data.graph(), data.findings());
    }

    /** Builds the map's nodes for {@code r} (any thread: they are not in a scene yet). */
    private static Drawing drawing(LineageLayout.Result r, Map<String, List<Finding>> findings, String rootId) {
        SVGPath[] hit = new SVGPath[1];
        List<Node> edges = edges(r.routes(), hit);
        Map<String, Pane> boxes = new LinkedHashMap<>();
        for (LineageLayout.Box b : r.boxes()) boxes.put(b.id(), box(b, findings.getOrDefault(b.id(), List.of()), rootId));
        return new Drawing(r, edges, hit[0], boxes, findings);
    }

    private void draw(Drawing d) {
        LineageLayout.Result r = d.layout();
        layout.set(r);
        hideTip();
        boxes.clear();
        boxes.putAll(d.boxes());
        drawnFindings = d.findings();
        edgeHit = d.edgeHit();
        List<Node> shapes = new ArrayList<>(d.boxes().size() + d.edges().size());
        shapes.addAll(d.edges());
        shapes.addAll(d.boxes().values());
        canvas.getChildren().setAll(shapes);
        empty.setVisible(false);
        empty.setManaged(false);
        canvas.setPrefSize(r.width(), r.height());
        canvas.setMinSize(r.width(), r.height());
        highlight();
        String f = focused.get() != null && boxes.containsKey(focused.get()) ? focused.get() : r.root();
        focused.set(null);
        // styles and sizes now rather than in the next pulse: the drawing time reported (and measured) includes them
        canvas.applyCss();
        canvas.layout();
        fit();
        if (f != null) focus(f);
    }

    /** All edges: stack and live edges in one solid path, registry edges in one dashed path, arrow heads in one. */
    private static List<Node> edges(List<LineageLayout.Route> routes, SVGPath[] hit) {
        StringBuilder solid = new StringBuilder(routes.size() * 40), dashed = new StringBuilder(), heads = new StringBuilder(routes.size() * 40);
        for (LineageLayout.Route route : routes) {
            List<LineageLayout.Point> pts = route.points();
            StringBuilder d = route.edge().source() == EdgeSource.REGISTRY ? dashed : solid;
            for (int i = 0; i < pts.size(); i++) {
                d.append(i == 0 ? 'M' : 'L').append(num(pts.get(i).x())).append(' ').append(num(pts.get(i).y())).append(' ');
            }
            LineageLayout.Point end = pts.get(pts.size() - 1), prev = pts.get(pts.size() - 2);
            double angle = Math.atan2(end.y() - prev.y(), end.x() - prev.x());
            double len = 9, half = 4.5;
            double bx = end.x() - len * Math.cos(angle), by = end.y() - len * Math.sin(angle);
            heads.append('M').append(num(end.x())).append(' ').append(num(end.y()))
                    .append(" L").append(num(bx + half * Math.sin(angle))).append(' ').append(num(by - half * Math.cos(angle)))
                    .append(" L").append(num(bx - half * Math.sin(angle))).append(' ').append(num(by + half * Math.cos(angle))).append(" Z ");
        }
        SVGPath solidPath = path(solid, "lineage-edge");
        SVGPath dashedPath = path(dashed, "lineage-edge", "lineage-edge-registry");
        SVGPath arrowPath = path(heads, "lineage-arrow");
        solidPath.setFill(null);
        dashedPath.setFill(null);
        // wide and transparent, over the thin lines: what the pointer hovers to get an edge's tooltip
        StringBuilder all = new StringBuilder(solid.length() + dashed.length() + 1).append(solid).append(' ').append(dashed);
        SVGPath edgeHit = path(all, "lineage-edge-hover");
        edgeHit.setStroke(Color.TRANSPARENT);
        edgeHit.setStrokeWidth(2 * EDGE_HOVER);
        edgeHit.setFill(null);
        hit[0] = edgeHit;
        return List.of(solidPath, dashedPath, arrowPath, edgeHit);
    }

    private static SVGPath path(StringBuilder d, String... styleClasses) {
        SVGPath p = new SVGPath();
        p.setContent(d.toString());
        p.getStyleClass().addAll(styleClasses);
        return p;
    }

    private static String num(double v) {
        return Double.toString(Math.round(v * 10) / 10.0);
    }

    private static Pane box(LineageLayout.Box b, List<Finding> findings, String rootId) {
        LineageNode n = b.node();
        Text sub = new Text(LineageStyle.PADDING, SUBTITLE_Y, LineageStyle.fitSubtitle(b.subtitle(), b.width()));
        sub.getStyleClass().add("lineage-subtitle");
        Text label = new Text(LineageStyle.PADDING, LABEL_Y, LineageStyle.fit(n.label(), b.width()));
        label.getStyleClass().add("lineage-label");
        Pane box = new Pane(sub, label);
        String drift = LineageStyle.driftBadge(n);
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.size() - errors;
        if (drift != null || errors > 0 || warnings > 0) {
            HBox badges = new HBox(4);
            if (drift != null) badges.getChildren().add(badge(drift, "lineage-badge-drift"));
            if (errors > 0) badges.getChildren().add(badge(errors + (errors == 1 ? " error" : " errors"), "lineage-badge-error"));
            if (warnings > 0) badges.getChildren().add(badge(warnings + (warnings == 1 ? " warning" : " warnings"), "lineage-badge-warning"));
            badges.relocate(LineageStyle.PADDING, BADGES_Y);
            box.getChildren().add(badges);
        }
        box.getStyleClass().addAll("lineage-node", LineageStyle.styleClass(n));
        box.pseudoClassStateChanged(UNKNOWN, !n.known());
        box.pseudoClassStateChanged(ROOT_NODE, n.id().equals(rootId));
        box.setUserData(n.id());
        // placed by the layout: the canvas does not lay the boxes out
        box.setManaged(false);
        box.resizeRelocate(b.x(), b.y(), b.width(), b.height());
        return box;
    }

    private static Label badge(String text, String styleClass) {
        Label l = new Label(text);
        l.getStyleClass().addAll("lineage-badge", styleClass);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** The node's box a picked node belongs to (null when none). */
    private Node boxOf(Node picked) {
        Node n = picked;
        while (n != null && n.getParent() != canvas) n = n.getParent();
        return n != null && n.getUserData() instanceof String ? n : null;
    }

    private void click(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) return;
        Node box = boxOf(e.getPickResult().getIntersectedNode());
        if (box == null || data == null) return;
        String id = (String) box.getUserData();
        focus(id);
        scroll.requestFocus();
        if (e.getClickCount() == 2) reroot(id);
        else data.graph().node(id).ifPresent(opener);
    }

    /** Moves the one tooltip to what the pointer is over (a node's box or an edge) and sets its text. */
    private void hover(MouseEvent e) {
        Node picked = e.getPickResult().getIntersectedNode();
        Node box = boxOf(picked);
        Node owner = null;
        String text = null;
        if (box != null) {
            owner = box;
            text = nodeTip((String) box.getUserData());
        } else if (picked != null && picked == edgeHit) {
            LineageLayout.Route route = routeAt(e.getX(), e.getY());
            if (route != null) {
                owner = edgeHit;
                text = route.edge().relation() + " (" + route.edge().source().json() + ")"
                        + (route.edge().detail() == null ? "" : "\n" + route.edge().detail())
                        + "\n" + label(route.edge().from()) + " → " + label(route.edge().to());
            }
        }
        if (owner != tipOwner) {
            hideTip();
            if (owner != null) Tooltip.install(owner, tip);
            tipOwner = owner;
        }
        if (text != null && !text.equals(tip.getText())) tip.setText(text);
    }

    private void hideTip() {
        if (tipOwner != null) Tooltip.uninstall(tipOwner, tip);
        tipOwner = null;
    }

    /** The tooltip of the node hovered now (null when none): what the pointer's tooltip shows. */
    public String hoverTip() {
        return tipOwner == null ? null : tip.getText();
    }

    private String label(String id) {
        LineageLayout.Box b = layout.get().box(id);
        return b == null ? id : b.node().label();
    }

    private String nodeTip(String id) {
        LineageLayout.Box b = layout.get().box(id);
        if (b == null) return id;
        LineageNode n = b.node();
        StringBuilder tip = new StringBuilder(n.label()).append('\n').append(n.id());
        if (!n.known()) tip.append('\n').append(b.subtitle()).append(" (no stack, registry or live system describes it)");
        if (n.stack() != null) tip.append("\nstack: ").append(n.stack());
        if (n.connection() != null) tip.append("\nconnection: ").append(n.connection());
        n.attributes().forEach((k, v) -> tip.append('\n').append(k).append(": ").append(v));
        for (Finding f : drawnFindings.getOrDefault(id, List.of())) {
            tip.append("\n").append(f.severity().json()).append(" ").append(f.rule()).append(": ").append(f.message());
        }
        return tip.toString();
    }

    /** The edge whose route passes nearest to ({@code x}, {@code y}) in drawing coordinates, within a few pixels. */
    private LineageLayout.Route routeAt(double x, double y) {
        LineageLayout.Route best = null;
        double bestD = EDGE_HOVER + 1;
        for (LineageLayout.Route r : layout.get().routes()) {
            List<LineageLayout.Point> p = r.points();
            for (int i = 1; i < p.size(); i++) {
                double d = distance(x, y, p.get(i - 1), p.get(i));
                if (d < bestD) {
                    bestD = d;
                    best = r;
                }
            }
        }
        return best;
    }

    private static double distance(double x, double y, LineageLayout.Point a, LineageLayout.Point b) {
        double dx = b.x() - a.x(), dy = b.y() - a.y();
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : clamp(((x - a.x()) * dx + (y - a.y()) * dy) / len2, 0, 1);
        double px = a.x() + t * dx - x, py = a.y() + t * dy - y;
        return Math.sqrt(px * px + py * py);
    }

    private void styleBox(String id) {
        Node box = boxes.get(id);
        if (box == null) return;
        box.pseudoClassStateChanged(FOCUSED_NODE, id.equals(focused.get()));
        box.pseudoClassStateChanged(HIT, hits.contains(id));
    }

    // ---- keys, zoom, search -------------------------------------------------------------------------------------

    private void mapKey(KeyEvent e) {
        KeyCode k = e.getCode();
        if (e.isShiftDown() && k.isArrowKey()) {
            pan(k);
            e.consume();
            return;
        }
        LineageNavigation.Move move = switch (k) {
            case RIGHT, KP_RIGHT -> LineageNavigation.Move.DOWNSTREAM;
            case LEFT, KP_LEFT -> LineageNavigation.Move.UPSTREAM;
            case UP, KP_UP -> LineageNavigation.Move.UP;
            case DOWN, KP_DOWN -> LineageNavigation.Move.DOWN;
            default -> null;
        };
        if (move != null) {
            String f = focused.get();
            if (f != null) focus(LineageNavigation.move(layout.get(), f, move));
            e.consume();
            return;
        }
        switch (k) {
            case ENTER -> {
                String f = focused.get();
                if (f != null) {
                    if (e.isShortcutDown()) reroot(f);
                    else data.graph().node(f).ifPresent(opener);
                }
                e.consume();
            }
            case PLUS, ADD, EQUALS -> {
                zoomBy(1.25);
                e.consume();
            }
            case MINUS, SUBTRACT -> {
                zoomBy(1 / 1.25);
                e.consume();
            }
            case DIGIT0, NUMPAD0 -> {
                fit();
                e.consume();
            }
            default -> { }
        }
    }

    private void pan(KeyCode k) {
        double step = 60;
        Bounds content = holder.getLayoutBounds();
        Bounds view = scroll.getViewportBounds();
        double dx = Math.max(1, content.getWidth() - view.getWidth()), dy = Math.max(1, content.getHeight() - view.getHeight());
        switch (k) {
            case LEFT, KP_LEFT -> scroll.setHvalue(clamp(scroll.getHvalue() - step / dx, 0, 1));
            case RIGHT, KP_RIGHT -> scroll.setHvalue(clamp(scroll.getHvalue() + step / dx, 0, 1));
            case UP, KP_UP -> scroll.setVvalue(clamp(scroll.getVvalue() - step / dy, 0, 1));
            default -> scroll.setVvalue(clamp(scroll.getVvalue() + step / dy, 0, 1));
        }
    }

    private void rerootOnFocus() {
        if (focused.get() != null) reroot(focused.get());
    }

    private void reroot(String id) {
        if (id.equals(root.get())) return;
        root.set(id);
        relayout();
    }

    /** Multiplies the zoom by {@code factor} (bounded), keeping the focused node in view. */
    public void zoomBy(double factor) {
        setZoom(zoom * factor);
        if (focused.get() != null) scrollIntoView(focused.get());
    }

    private void setZoom(double z) {
        zoom = clamp(z, MIN_ZOOM, MAX_ZOOM);
        canvas.setScaleX(zoom);
        canvas.setScaleY(zoom);
    }

    /**
     * Zooms so that the whole map fits the window, between {@link #MIN_FIT_ZOOM} (readable: a larger map scrolls to
     * the focused node) and 100 %.
     */
    public void fit() {
        LineageLayout.Result r = layout.get();
        Bounds v = scroll.getViewportBounds();
        if (r.width() <= 0 || v.getWidth() <= 0) {
            setZoom(1);
            return;
        }
        setZoom(fitZoom(r.width(), r.height(), v.getWidth(), v.getHeight()));
        if (focused.get() != null) scrollIntoView(focused.get());
    }

    /** The zoom that fits a {@code w} × {@code h} map in a {@code vw} × {@code vh} window: {@link #MIN_FIT_ZOOM} to 1. */
    static double fitZoom(double w, double h, double vw, double vh) {
        return clamp(Math.min(vw / w, vh / h), MIN_FIT_ZOOM, 1);
    }

    private void scrollIntoView(String id) {
        LineageLayout.Box b = layout.get().box(id);
        if (b == null) return;
        scroll.layout();
        Bounds content = holder.getLayoutBounds();
        Bounds view = scroll.getViewportBounds();
        Bounds group = zoomGroup.getBoundsInParent();
        double cx = group.getMinX() + b.centerX() * zoom, cy = group.getMinY() + b.centerY() * zoom;
        double dx = content.getWidth() - view.getWidth(), dy = content.getHeight() - view.getHeight();
        double left = scroll.getHvalue() * Math.max(0, dx), top = scroll.getVvalue() * Math.max(0, dy);
        double margin = 40;
        if (dx > 0 && (cx - margin < left || cx + margin > left + view.getWidth())) scroll.setHvalue(clamp((cx - view.getWidth() / 2) / dx, 0, 1));
        if (dy > 0 && (cy - margin < top || cy + margin > top + view.getHeight())) scroll.setVvalue(clamp((cy - view.getHeight() / 2) / dy, 0, 1));
    }

    private void highlight() {
        String q = search.getText() == null ? "" : search.getText().trim().toLowerCase(java.util.Locale.ROOT);
        List<String> old = hits;
        List<String> now = new ArrayList<>();
        if (!q.isEmpty()) {
            for (LineageLayout.Box b : layout.get().boxes()) {
                if (b.id().toLowerCase(java.util.Locale.ROOT).contains(q) || b.node().label().toLowerCase(java.util.Locale.ROOT).contains(q)) {
                    now.add(b.id());
                }
            }
        }
        hits = List.copyOf(now);
        hitIndex = -1;
        for (String id : old) styleBox(id);
        for (String id : hits) styleBox(id);
        if (!q.isEmpty()) status.setText(hits.isEmpty() ? "No node on the map matches \"" + search.getText().trim()
                + "\" (Enter searches the whole graph)" : hits.size() + (hits.size() == 1 ? " match" : " matches") + " (Enter: next)");
    }

    /** Enter in the search box: focus the next hit on the map; with none, re-centre on the first match in the graph. */
    private void nextHit() {
        if (!hits.isEmpty()) {
            hitIndex = (hitIndex + 1) % hits.size();
            focus(hits.get(hitIndex));
            return;
        }
        String q = search.getText() == null ? "" : search.getText().trim();
        if (q.isEmpty() || data == null) return;
        List<LineageNode> found = data.graph().find(q);
        if (found.isEmpty()) {
            status.setText("No node in the lineage graph matches \"" + q + "\"");
            return;
        }
        focused.set(found.get(0).id());
        root.set(found.get(0).id());
        relayout();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private void chooseExport(boolean svg) {
        if (layout.get().boxes().isEmpty()) return;
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(svg ? "Export the lineage map as SVG" : "Export the lineage map as PNG");
        chooser.setInitialFileName("lineage." + (svg ? "svg" : "png"));
        chooser.getExtensionFilters().add(svg ? new javafx.stage.FileChooser.ExtensionFilter("SVG image", "*.svg")
                : new javafx.stage.FileChooser.ExtensionFilter("PNG image", "*.png"));
        java.io.File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        if (svg) exportSvg(f.toPath(), m -> { });
        else exportPng(f.toPath(), m -> { });
    }
}
