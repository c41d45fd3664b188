package dev.mlpc.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * Jackson's YAML parser over a character source whose cost is linear in the text.
 *
 * <p>SnakeYAML's own {@link StreamReader} reads its input 1,024 characters at a time and copies the whole unconsumed
 * window on every read ({@code StreamReader.update}). While the scanner looks ahead over one token that is not yet
 * consumed (a long word, a long comment), each read copies everything seen since the token began, so the cost grows
 * with the square of the token's length: a single 4 MB word took 14 s, a 20 MB line minutes. Here the whole text is
 * decoded once into code points and the scanner's look-ahead reads that array in place; the scanner, the parser and
 * Jackson's token stream (positions, scalar types) are unchanged.
 */
final class LinearYaml {
    private LinearYaml() {
    }

    /** Factories are thread-safe; one serves every read. SnakeYAML's own bound is set to the reader's byte limit. */
    private static final Factory FACTORY = Factory.create(YamlReader.MAX_BYTES);

    /** A parser for one text (at most {@link YamlReader#MAX_BYTES}, which the caller checks). */
    static JsonParser parser(String text) throws IOException {
        return FACTORY.createParser(text);
    }

    /** The factory: every parser it creates reads its text through a {@link WholeTextReader}. */
    private static final class Factory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        private Factory(YAMLFactoryBuilder b) {
            super(b);
        }

        static Factory create(int codePointLimit) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(codePointLimit);
            return new Factory(YAMLFactory.builder().loaderOptions(options));
        }

        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
            StringBuilder b = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) b.append(buf, 0, n);
            return parserOver(b.toString(), r, ctxt);
        }

        @Override
        protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
                throws IOException {
            String text = new String(data, offset, len);
            return parserOver(text, new StringReader(text), ctxt);
        }

        private YAMLParser parserOver(String text, Reader source, IOContext ctxt) {
            ParserImpl events = new ParserImpl(new WholeTextReader(text), _loaderOptions);
            return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _objectCodec, source, events);
        }
    }

    /** Jackson's YAML parser, given the event source built above (its protected constructor). */
    static final class Parser extends YAMLParser {
        Parser(IOContext ctxt, int parserFeatures, int formatFeatures, com.fasterxml.jackson.core.ObjectCodec codec,
               Reader reader, ParserImpl events) {
            super(ctxt, parserFeatures, formatFeatures, codec, reader, events);
        }

        /** The anchor ({@code &name}) written on the node of the current token, or null. */
        String anchorHere() {
            return _lastEvent instanceof NodeEvent n && !(n instanceof AliasEvent) ? n.getAnchor() : null;
        }

        /** The anchor an alias ({@code *name}) at the current token names, or null when it is no alias. */
        String aliasHere() {
            return _lastEvent instanceof AliasEvent a ? a.getAnchor() : null;
        }
    }

    /**
     * The scanner's character source over the whole text, decoded once into code points. Same contract as
     * {@link StreamReader}: {@code peek} past the end gives 0; lines count at line breaks ({@code \n}, a {@code \r}
     * not followed by {@code \n}, NEL, LS, PS); a byte-order mark takes no column. Characters YAML does not allow are
     * found by {@link YamlReader} before parsing, with their position; should one reach here it is refused like
     * SnakeYAML does.
     */
    static final class WholeTextReader extends StreamReader {
        private static final String NAME = "'reader'";
        private final int[] text;
        private final int length;
        private int pointer;
        private int index;
        private int documentIndex;
        private int line;
        private int column;

        WholeTextReader(String s) {
            super(new StringReader(""));
            this.text = s.codePoints().toArray();
            this.length = text.length;
            for (int i = 0; i < length; i++) {
                if (!isPrintable(text[i])) {
                    throw new org.yaml.snakeyaml.reader.ReaderException(NAME, i, text[i],
                            "special characters are not allowed");
                }
            }
        }

        @Override
        public Mark getMark() {
            return new Mark(NAME, index, line, column, text, pointer);
        }

        @Override
        public void forward() {
            forward(1);
        }

        @Override
        public void forward(int n) {
            for (int i = 0; i < n && pointer < length; i++) {
                int c = text[pointer++];
                index++;
                documentIndex++;
                if (Constant.LINEBR.has(c) || c == '\r' && pointer < length && text[pointer] != '\n') {
                    line++;
                    column = 0;
                } else if (c != 0xFEFF) {
                    column++;
                }
            }
        }

        @Override
        public int peek() {
            return pointer < length ? text[pointer] : 0;
        }

        @Override
        public int peek(int i) {
            int at = pointer + i;
            return at >= 0 && at < length ? text[at] : 0;
        }

        @Override
        public String prefix(int n) {
            if (n <= 0 || pointer >= length) return "";
            return new String(text, pointer, Math.min(n, length - pointer));
        }

        @Override
        public String prefixForward(int n) {
            String s = prefix(n);
            pointer += n;
            index += n;
            documentIndex += n;
            column += n;
            return s;
        }

        @Override
        public int getColumn() {
            return column;
        }

        @Override
        public int getDocumentIndex() {
            return documentIndex;
        }

        @Override
        public void resetDocumentIndex() {
            documentIndex = 0;
        }

        @Override
        public int getIndex() {
            return index;
        }

        @Override
        public int getLine() {
            return line;
        }
    }
}
