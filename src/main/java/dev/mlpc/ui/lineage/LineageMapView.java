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
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
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
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.text.TextAlignment;
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
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The Lineage map: one node's upstream and downstream, laid out by {@link LineageLayout} (ELK layered, on the
 * background executor) and drawn as boxes coloured by system with drift and governance badges, and edges with arrows.
 *
 * <p>Keys (on the map): Right/Left follow an edge downstream/upstream, Up/Down move within the column, Enter selects the
 * focused node in its live tree or the registry browser, Ctrl+Enter re-centres the map on it, +/- zoom, 0 fits,
 * Shift+arrows pan, Ctrl+F searches (Enter in the search box moves the focus to the next hit; Escape returns to the
 * map). Ctrl+wheel zooms; dragging pans. A click focuses a node and selects it like Enter.</p>
 */
public final class LineageMapView extends BorderPane {
    public static final double MIN_ZOOM = 0.15;
    public static final double MAX_ZOOM = 3;
    private static final String FOCUS_COLOR = "#0b61d8";

    private final UiExecutor executor;
    private final LineageMapSource source;
    private Consumer<LineageNode> opener = n -> { };

    private final TextField search = new TextField();
    private final Spinner<Integer> depth = new Spinner<>(1, 12, 3);
    private final ChoiceBox<Direction> direction = new ChoiceBox<>();
    private final CheckBox live = new CheckBox("_Live");
    private final Label status = new Label();
    private final Pane canvas = new Pane();
    private final Group zoomGroup = new Group(canvas);
    /** Centres a map smaller than the window. */
    private final StackPane holder = new StackPane(zoomGroup);
    private final ScrollPane scroll = new ScrollPane(holder);

    private final ReadOnlyStringWrapper root = new ReadOnlyStringWrapper(this, "root");
    private final ReadOnlyStringWrapper focused = new ReadOnlyStringWrapper(this, "focused");
    private final ReadOnlyObjectWrapper<LineageLayout.Result> layout =
            new ReadOnlyObjectWrapper<>(this, "layout", LineageLayout.Result.empty());
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final Map<String, StackPane> boxes = new LinkedHashMap<>();
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

    public LineageMapView(UiExecutor executor, LineageMapSource source) {
        this.executor = Objects.requireNonNull(executor);
        this.source = Objects.requireNonNull(source);
        getStyleClass().add("lineage-map");
        setTop(toolBar());
        canvas.setId("lineage-canvas");
        canvas.setStyle("-fx-background-color: #fbfbfb;");
        holder.setStyle("-fx-background-color: #fbfbfb;");
        scroll.viewportBoundsProperty().addListener((o, a, b) -> {
            holder.setMinWidth(b.getWidth());
            holder.setMinHeight(b.getHeight());
        });
        scroll.setId("lineage-scroll");
        scroll.setPannable(true);
        scroll.setFocusTraversable(true);
        scroll.setStyle("-fx-background: #fbfbfb;");
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
        HBox bottom = new HBox(status);
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

    private ToolBar toolBar() {
        search.setId("lineage-search");
        search.setPromptText("Search nodes (Ctrl+F)");
        search.setPrefColumnCount(18);
        search.textProperty().addListener((o, a, b) -> highlight());
        search.setOnAction(e -> nextHit());
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                scroll.requestFocus();
                e.consume();
            }
        });
        Label depthLabel = new Label("_Depth");
        depthLabel.setMnemonicParsing(true);
        depthLabel.setLabelFor(depth);
        depth.setId("lineage-depth");
        depth.setEditable(true);
        depth.setPrefWidth(72);
        depth.valueProperty().addListener((o, a, b) -> relayout());
        direction.setId("lineage-direction");
        direction.getItems().setAll(Direction.BOTH, Direction.UPSTREAM, Direction.DOWNSTREAM);
        direction.setValue(Direction.BOTH);
        direction.setConverter(new StringConverter<>() {
            @Override public String toString(Direction d) {
                return d == null ? "" : switch (d) {
                    case BOTH -> "Upstream and downstream";
                    case UPSTREAM -> "Upstream";
                    case DOWNSTREAM -> "Downstream";
                };
            }

            @Override public Direction fromString(String s) { return null; }
        });
        direction.valueProperty().addListener((o, a, b) -> relayout());
        live.setId("lineage-live");
        live.setMnemonicParsing(true);
        live.setTooltip(new Tooltip("Also read the connected systems' live inventories (drift marks)"));
        live.selectedProperty().addListener((o, a, b) -> reload());
        Button zoomIn = iconButton("lineage-zoom-in", Feather.ZOOM_IN, "Zoom in (+, Ctrl+wheel)", () -> zoomBy(1.25));
        Button zoomOut = iconButton("lineage-zoom-out", Feather.ZOOM_OUT, "Zoom out (-)", () -> zoomBy(1 / 1.25));
        Button fit = iconButton("lineage-fit", Feather.MAXIMIZE, "Fit the map in the window (0)", this::fit);
        Button reroot = iconButton("lineage-reroot", Feather.CROSSHAIR, "Map from the focused node (Ctrl+Enter)", this::rerootOnFocus);
        Button refresh = iconButton("lineage-reload", Feather.REFRESH_CW, "Read the graph again", this::reload);
        Button svg = new Button("SVG…", new FontIcon(Feather.DOWNLOAD));
        svg.setId("lineage-export-svg");
        svg.setTooltip(new Tooltip("Export the map as SVG"));
        svg.setOnAction(e -> chooseExport(true));
        Button png = new Button("PNG…", new FontIcon(Feather.IMAGE));
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

    /** The drawn box of a node (null when it is not on the map). */
    public StackPane box(String id) { return boxes.get(id); }

    public TextField searchField() { return search; }

    public Spinner<Integer> depthSpinner() { return depth; }

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
        p.setFill(Color.web("#fbfbfb"));
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
            error.set(what + " is not in the lineage graph");
            status.setText(error.get());
            return;
        }
        root.set(hit.id());
        relayout();
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
        status.setText("Laying out…");
        Tasks.create(() -> {
                    long t0 = System.nanoTime();
                    LineageGraph hood = g.neighbourhood(r, dir, d);
                    LineageLayout.Result res = LineageLayout.layout(hood, r);
                    return new Laid(res, (System.nanoTime() - t0) / 1_000_000);
                })
                .onSuccess(l -> {
                    if (gen != generation) return;
                    busy = false;
                    error.set("");
                    long t0 = System.nanoTime();
                    draw(l.result());
                    long drawn = (System.nanoTime() - t0) / 1_000_000;
                    status.setText(l.result().boxes().size() + " nodes, " + l.result().routes().size() + " edges around "
                            + g.node(r).map(LineageNode::label).orElse(r) + " · laid out in " + l.millis() + " ms, drawn in "
                            + drawn + " ms");
                })
                .onError(e -> {
                    if (gen != generation) return;
                    busy = false;
                    fail("Cannot lay out the map", e);
                })
                .run(executor);
    }

    private record Laid(LineageLayout.Result result, long millis) { }

    private String fail(String what, Throwable e) {
        String msg = what + ": " + UiErrors.message(e);
        error.set(msg);
        status.setText(msg);
        return msg;
    }

    // ---- drawing ------------------------------------------------------------------------------------------------

    private Map<String, List<Finding>> findingsByNode() {
        return data == null ? Map.of() : LineageFindings.byNode(data.graph(), data.findings());
    }

    private void draw(LineageLayout.Result r) {
        layout.set(r);
        boxes.clear();
        List<Node> shapes = new ArrayList<>();
        for (LineageLayout.Route route : r.routes()) shapes.addAll(edge(route));
        Map<String, List<Finding>> fs = findingsByNode();
        for (LineageLayout.Box b : r.boxes()) {
            StackPane box = box(b, fs.getOrDefault(b.id(), List.of()));
            boxes.put(b.id(), box);
            shapes.add(box);
        }
        canvas.getChildren().setAll(shapes);
        canvas.setPrefSize(r.width(), r.height());
        canvas.setMinSize(r.width(), r.height());
        highlight();
        String f = focused.get() != null && boxes.containsKey(focused.get()) ? focused.get() : r.root();
        focused.set(null);
        fit();
        if (f != null) focus(f);
    }

    private List<Node> edge(LineageLayout.Route route) {
        List<LineageLayout.Point> pts = route.points();
        Polyline line = new Polyline();
        for (LineageLayout.Point p : pts) line.getPoints().addAll(p.x(), p.y());
        line.setStroke(Color.web("#555555"));
        line.setStrokeWidth(1.2);
        line.setFill(null);
        if (route.edge().source() == EdgeSource.REGISTRY) line.getStrokeDashArray().setAll(5.0, 3.0);
        line.getStyleClass().add("lineage-edge");
        Tooltip.install(line, new Tooltip(route.edge().relation() + " (" + route.edge().source().json() + ")"
                + (route.edge().detail() == null ? "" : "\n" + route.edge().detail())));
        LineageLayout.Point end = pts.get(pts.size() - 1), prev = pts.get(pts.size() - 2);
        double angle = Math.atan2(end.y() - prev.y(), end.x() - prev.x());
        double len = 9, half = 4.5;
        double bx = end.x() - len * Math.cos(angle), by = end.y() - len * Math.sin(angle);
        Polygon arrow = new Polygon(end.x(), end.y(),
                bx + half * Math.sin(angle), by - half * Math.cos(angle),
                bx - half * Math.sin(angle), by + half * Math.cos(angle));
        arrow.setFill(Color.web("#555555"));
        arrow.getStyleClass().add("lineage-arrow");
        return List.of(line, arrow);
    }

    private StackPane box(LineageLayout.Box b, List<Finding> findings) {
        LineageNode n = b.node();
        Label sub = new Label(LineageStyle.subtitle(n));
        sub.setStyle("-fx-font-size: 10px; -fx-text-fill: " + LineageStyle.stroke(n) + ";");
        Label label = new Label(n.label());
        label.setStyle("-fx-font-size: 12px; -fx-text-fill: #111111;");
        label.getStyleClass().add("lineage-label");
        for (Label l : List.of(sub, label)) {
            l.setMaxWidth(b.width() - 2 * LineageStyle.PADDING);
            l.setTextAlignment(TextAlignment.LEFT);
        }
        HBox badges = new HBox(4);
        String drift = LineageStyle.driftBadge(n);
        if (drift != null) badges.getChildren().add(badge("drift " + drift, "#fff0c2", "#8a6d00", "lineage-badge-drift"));
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.size() - errors;
        if (errors > 0) badges.getChildren().add(badge(errors + (errors == 1 ? " error" : " errors"), "#fde0e0", "#b00020", "lineage-badge-error"));
        if (warnings > 0) badges.getChildren().add(badge(warnings + (warnings == 1 ? " warning" : " warnings"), "#fff0c2", "#8a6d00", "lineage-badge-warning"));
        VBox text = new VBox(1, sub, label, badges);
        text.setPadding(new Insets(3, LineageStyle.PADDING, 3, LineageStyle.PADDING));
        text.setAlignment(Pos.TOP_LEFT);
        StackPane box = new StackPane(text);
        box.getStyleClass().add("lineage-node");
        box.setUserData(n.id());
        box.setLayoutX(b.x());
        box.setLayoutY(b.y());
        box.setPrefSize(b.width(), b.height());
        box.setMinSize(b.width(), b.height());
        box.setMaxSize(b.width(), b.height());
        StringBuilder tip = new StringBuilder(n.label()).append('\n').append(n.id());
        if (n.stack() != null) tip.append("\nstack: ").append(n.stack());
        if (n.connection() != null) tip.append("\nconnection: ").append(n.connection());
        n.attributes().forEach((k, v) -> tip.append('\n').append(k).append(": ").append(v));
        for (Finding f : findings) tip.append("\n").append(f.severity().json()).append(" ").append(f.rule()).append(": ").append(f.message());
        Tooltip.install(box, new Tooltip(tip.toString()));
        box.setOnMouseClicked(e -> {
            if (e.getButton() != MouseButton.PRIMARY) return;
            focus(n.id());
            scroll.requestFocus();
            if (e.getClickCount() == 2) reroot(n.id());
            else opener.accept(n);
        });
        styleBox(box, n, false, false);
        return box;
    }

    private static Label badge(String text, String fill, String color, String styleClass) {
        Label l = new Label(text);
        l.getStyleClass().addAll("lineage-badge", styleClass);
        l.setStyle("-fx-font-size: 9px; -fx-padding: 0 4 0 4; -fx-background-radius: 3; -fx-background-color: " + fill
                + "; -fx-text-fill: " + color + ";");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private void styleBox(String id) {
        StackPane box = boxes.get(id);
        LineageLayout.Box b = layout.get().box(id);
        if (box != null && b != null) styleBox(box, b.node(), id.equals(focused.get()), hits.contains(id));
    }

    private void styleBox(StackPane box, LineageNode n, boolean focus, boolean hit) {
        boolean isRoot = n.id().equals(root.get());
        String border = focus ? FOCUS_COLOR : hit ? "#e0a800" : LineageStyle.stroke(n);
        double width = focus ? 3 : hit || isRoot ? 2.5 : 1.2;
        String fill = hit ? "#fff7c2" : LineageStyle.fill(n);
        box.setStyle("-fx-background-color: " + fill + "; -fx-background-radius: 6; -fx-border-radius: 6; -fx-border-color: "
                + border + "; -fx-border-width: " + width + ";" + (n.known() ? "" : " -fx-border-style: segments(4, 3);")
                + (focus ? " -fx-effect: dropshadow(gaussian, " + FOCUS_COLOR + ", 8, 0.3, 0, 0);" : ""));
        box.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("focused-node"), focus);
        box.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("hit"), hit);
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

    /** Zooms so that the whole map fits the window (never above 100 %). */
    public void fit() {
        LineageLayout.Result r = layout.get();
        Bounds v = scroll.getViewportBounds();
        if (r.width() <= 0 || v.getWidth() <= 0) {
            setZoom(1);
            return;
        }
        setZoom(Math.min(1, Math.min(v.getWidth() / r.width(), v.getHeight() / r.height())));
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
