package io.drover.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Getopt against what Python's getopt.getopt returns for supervisorctl's options (outputs taken from Python 3.11). */
class GetoptTest {
    private static final String SHORT = "hc:is:u:p:r:";
    private static final List<String> LONG = List.of("help", "configuration=", "interactive", "serverurl=",
            "username=", "password=", "history_file=");

    private static Getopt.Result parse(String... argv) throws Getopt.Error {
        return Getopt.parse(argv, SHORT, LONG);
    }

    private static String error(String... argv) {
        return assertThrows(Getopt.Error.class, () -> parse(argv)).getMessage();
    }

    @Test
    void clustersShortOptionsAndStopsAtTheFirstWord() throws Exception {
        Getopt.Result r = parse("-ic", "f", "status", "-x");
        assertEquals(List.of(new Getopt.Opt("-i", ""), new Getopt.Opt("-c", "f")), r.options());
        assertEquals(List.of("status", "-x"), r.args());
    }

    @Test
    void longPrefixesValuesAndTheDoubleDash() throws Exception {
        Getopt.Result r = parse("--ser=u", "-sx", "--", "-h");
        assertEquals(List.of(new Getopt.Opt("--serverurl", "u"), new Getopt.Opt("-s", "x")), r.options());
        assertEquals(List.of("-h"), r.args());
        Getopt.Result dash = parse("--inter", "-");
        assertEquals(List.of(new Getopt.Opt("--interactive", "")), dash.options());
        assertEquals(List.of("-"), dash.args());
    }

    @Test
    void refusalsReadAsGetopts() {
        assertEquals("option --h not a unique prefix", error("--h=1"));
        assertEquals("option --x not recognized", error("--x"));
        assertEquals("option -x not recognized", error("-x"));
        assertEquals("option -c requires argument", error("-c"));
        assertEquals("option --configuration requires argument", error("--conf"));
        assertEquals("option --interactive must not have an argument", error("--in=1"));
    }

    @Test
    void exactOnlyNamesNeverTakeAPrefix() throws Exception {
        List<String> longs = List.of("configuration=", "childlogdir=");
        List<String> exact = List.of("check", "echo-config");
        Getopt.Result r = Getopt.parse(new String[] {"--ch", "d", "--check", "--echo-config"}, "", longs, exact);
        assertEquals(List.of(new Getopt.Opt("--childlogdir", "d"), new Getopt.Opt("--check", ""),
                new Getopt.Opt("--echo-config", "")), r.options());
        assertEquals("option --che not recognized",
                assertThrows(Getopt.Error.class, () -> Getopt.parse(new String[] {"--che"}, "", longs, exact))
                        .getMessage());
        assertEquals("option --c not a unique prefix",
                assertThrows(Getopt.Error.class, () -> Getopt.parse(new String[] {"--c"}, "", longs, exact))
                        .getMessage());
        assertEquals("option --check must not have an argument",
                assertThrows(Getopt.Error.class, () -> Getopt.parse(new String[] {"--check=1"}, "", longs, exact))
                        .getMessage());
    }
}
