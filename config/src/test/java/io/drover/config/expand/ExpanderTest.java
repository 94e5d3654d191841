package io.drover.config.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.config.values.BadValue;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %(a)g       | 7
            %(n)g       | 1.23457e+06
            %(n)G       | 1.23457E+06
            %(z)g       | 0
            %(a)#g      | 7.00000
            %(n)10.3g   | "  1.23e+06"
            %(a)08g     | 00000007
            %(m)08.1f   | -00003.0
            %(a)05.1f   | 007.0
            %(t)g       | 100000
            %(u)g       | 1e+06
            %(n).1g     | 1e+06
            %(a).0g     | 7
            %(a)hd      | 7
            %(a)Lf      | 7.000000
            %(m)+g      | -3
            %(a)-6g]    | "7     ]"
            """)
    void general_and_zero_padded_reals_format_like_python(String format, String expected) throws BadValue {
        // each expected value is Python 3's own '%' result for the same names
        Map<String, Object> names = Map.of("a", 7, "n", 1234567, "z", 0, "m", -3, "t", 100000, "u", 1000000);
        assertEquals(expected, Expander.expand(format, names, "t"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a%          | incomplete format
            %(a)s%      | incomplete format
            %(a         | incomplete format key
            %(a)q       | unsupported format character 'q' (0x71) at index 4
            %(a)%       | unsupported format character '%' (0x25) at index 4
            %(b)d       | %d format: a real number is required, not str
            %d          | %d format: a real number is required, not dict
            %(a)*d      | not enough arguments for format string
            %(a).*d     | not enough arguments for format string
            %*d         | * wants int
            %(a)lld     | unsupported format character 'l' (0x6c) at index 5
            %(a)é  | unsupported format character '?' (0xe9) at index 4
            %(a)99999999999999999999d | width too big
            %(a).2147483648d | precision too big
            %(a)99999999999d | ""
            """)
    void refuses_like_python(String format, String reason) {
        BadValue e = assertThrows(BadValue.class, () -> Expander.expand(format, NAMES, "program:x.command"));
        assertEquals("Format string '" + format + "' for 'program:x.command' is badly formatted: " + reason,
                e.getMessage());
    }

    @Test
    void a_character_beyond_unicode_is_refused_not_thrown() {
        // numprocs_start may be negative: %(process_num)c then names no character
        for (int n : new int[] {-5, 0x110000}) {
            BadValue e = assertThrows(BadValue.class, () -> Expander.expand("%(n)c", Map.of("n", n), "w"));
            assertEquals("Format string '%(n)c' for 'w' is badly formatted: %c arg not in range(0x110000)",
                    e.getMessage());
        }
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
