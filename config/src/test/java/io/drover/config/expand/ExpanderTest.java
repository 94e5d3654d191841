package io.drover.config.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.config.values.BadValue;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's {@code s % {'a': 7, 'b': 'str'}}, outputs and messages as CPython 3.11 prints them. */
class ExpanderTest {
    private static final Map<String, Object> NAMES = Map.of("a", 7, "b", "str");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %(a)05d     | 00007
            %(a)-5d]    | "7    ]"
            %(a)x       | 7
            %(a)+d      | +7
            %(a) d      | " 7"
            %(a)#x      | 0x7
            %(a)#o      | 0o7
            %(a).3d     | 007
            %(a)ld      | 7
            %(b)5.2s    | "   st"
            100%%       | 100%
            %(a)s%(b)s  | 7str
            %(a)f       | 7.000000
            %(a).2e     | 7.00e+00
            %(a)c       | "\u0007"
            """)
    void formats_like_python(String format, String expected) throws BadValue {
        assertEquals(expected, Expander.expand(format, NAMES, "t"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a%          | incomplete format
            %(a)s%      | incomplete format
            %(a         | incomplete format key
            %(a)q       | unsupported format character 'q' (0x71) at index 4
            %(a)%       | unsupported format character '%' (0x25) at index 4
            %(b)d       | %d format: a real number is required, not str
            %d          | %d format: a real number is required, not dict
            """)
    void refuses_like_python(String format, String reason) {
        BadValue e = assertThrows(BadValue.class, () -> Expander.expand(format, NAMES, "program:x.command"));
        assertEquals("Format string '" + format + "' for 'program:x.command' is badly formatted: " + reason,
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            %(x)s | x
            %(ENV_NOPE)s and %(y)s | ENV_NOPE
            """)
    void names_the_first_missing_key_and_lists_the_available_ones_sorted(String format, String missing) {
        BadValue e = assertThrows(BadValue.class, () -> Expander.expand(format, Map.of("b", 1, "B", 2, "a", 3), "w"));
        assertEquals("Format string '" + format + "' for 'w' contains names ('" + missing
                + "') which cannot be expanded. Available names: B, a, b", e.getMessage());
    }
}
