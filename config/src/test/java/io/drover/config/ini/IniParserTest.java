package io.drover.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configparser dialect in isolation. */
class IniParserTest {
    private static String value(String text, String section, String key) throws IniSyntaxError {
        IniDocument doc = new IniDocument();
        IniParser.read(doc, text, Path.of("/x.conf"), "/x.conf");
        return doc.get(section, key).orElseThrow().value();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "k = a;b"                 | a;b
            "k = a ;b"                | a
            "k = a #b"                | a
            "k = a#b ;c"              | a#b
            "k = x;y #c ;d"           | x;y
            "k=a\t;tab before"        | a
            "k ="                     | ""
            "K : v = w"               | v = w
            """)
    void inline_comments_separators_and_case(String line, String expected) throws IniSyntaxError {
        assertEquals(expected, value("[s]\n" + line + "\n", "s", "k"));
    }

    @Test
    void continuation_lines_keep_inner_blank_lines_and_drop_comments() throws IniSyntaxError {
        assertEquals("one\ntwo\n\nthree", value("[s]\nk = one\n  two\n  ; gone\n\n  three\n\nnext=1\n", "s", "k"));
    }

    @Test
    void the_scan_stops_at_the_first_round_with_a_comment() {
        // round 1 finds ';' at 3 (no space before) and '#' at 6 (space before): the comment starts at 6
        assertEquals(6, IniParser.inlineCommentStart("a=x;y #c ;d"));
        // round 1: ';' at 3 and '#' at 5 both unqualified; round 2: ';' at 8 qualifies, '#' has no more
        assertEquals(8, IniParser.inlineCommentStart("a=x;y#z ;c"));
        assertEquals(-1, IniParser.inlineCommentStart("a=x;y#z"));
    }

    @Test
    void errors_as_configparser_words_them() {
        IniSyntaxError e = assertThrows(IniSyntaxError.class,
                () -> IniParser.read(new IniDocument(), "k=v\n", Path.of("/x.conf"), "/x.conf"));
        assertEquals("File contains no section headers.\nfile: '/x.conf', line: 1\n'k=v\\n'", e.getMessage());
        e = assertThrows(IniSyntaxError.class,
                () -> IniParser.read(new IniDocument(), "[s]\nnope\n=v\n", Path.of("/x.conf"), "/x.conf"));
        assertEquals("Source contains parsing errors: '/x.conf'\n\t[line  2]: 'nope\\n'\n\t[line  3]: '=v\\n'",
                e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void a_byte_order_mark_is_quoted_as_python_repr_escapes_it() {
        // supervisord reads with encoding utf-8 (not utf-8-sig): the mark stays and repr() escapes it
        IniSyntaxError e = assertThrows(IniSyntaxError.class,
                () -> IniParser.read(new IniDocument(), "\ufeff[s]\n", Path.of("/x.conf"), "/x.conf"));
        assertEquals("File contains no section headers.\nfile: '/x.conf', line: 1\n'\\ufeff[s]\\n'", e.getMessage());
        assertEquals(1, e.line());
        assertEquals("'a\\u2028b\\xa0\\x00\\U000e0001 \u00e9'", PyText.repr("a\u2028b\u00a0\u0000\udb40\udc01 \u00e9"));
    }

    @Test
    void an_empty_key_ends_the_value_so_indented_lines_after_it_are_errors_too() {
        // configparser keeps optname '' (falsy) after "=x" or ":": the next indented line is no continuation
        IniSyntaxError e = assertThrows(IniSyntaxError.class,
                () -> IniParser.read(new IniDocument(), "[s]\nk=v\n:\n  ,more\n", Path.of("/x.conf"), "/x.conf"));
        assertEquals("Source contains parsing errors: '/x.conf'\n\t[line  3]: ':\\n'\n\t[line  4]: '  ,more\\n'",
                e.getMessage());
        assertEquals(3, e.line());
    }
}
