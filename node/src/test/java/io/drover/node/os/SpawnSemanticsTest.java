package io.drover.node.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** supervisord's spawn semantics: directory, environment, argv[0], PATH search, errors, umask, user. */
class SpawnSemanticsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final LiveOs os = new LiveOs();

    @TempDir
    Path tmp;

    private Recorder run(String command, Map<String, String> env, Optional<Path> dir, Optional<Integer> umask,
            Optional<String> user) throws Exception {
        Recorder r = new Recorder();
        Child child = os.spawn(
                new SpawnRequest(command, env, dir, umask, user, false, Optional.empty()), r);
        r.awaitExit(WAIT);
        r.stdoutEof.get();
        r.stderrEof.get();
        r.pid = child.pid();
        return r;
    }

    private Recorder run(String command) throws Exception {
        return run(command, SpawnerTest.env(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private SpawnException failure(String command, Map<String, String> env) {
        return assertThrows(SpawnException.class, () -> os.spawn(
                new SpawnRequest(command, env, Optional.empty(), Optional.empty(), Optional.empty(), false,
                        Optional.empty()), new Recorder()));
    }

    @Test
    void directory() throws Exception {
        Recorder r = run("/bin/pwd", SpawnerTest.env(), Optional.of(tmp), Optional.empty(), Optional.empty());
        assertEquals(tmp.toRealPath() + "\n", r.out());
    }

    @Test
    void badDirectoryReportsLikeSupervisord() throws Exception {
        Recorder r = run("/bin/echo hi", SpawnerTest.env(), Optional.of(Path.of("/nonexistent")), Optional.empty(),
                Optional.empty());
        assertEquals(127, r.exit.get().code());
        assertEquals("", r.out());
        assertEquals("supervisor: couldn't chdir to /nonexistent: ENOENT\n"
                + "supervisor: child process was not spawned\n", r.err());
    }

    @Test
    void directoryThatIsAFile() throws Exception {
        Recorder r = run("/bin/echo hi", SpawnerTest.env(), Optional.of(Path.of("/etc/passwd")), Optional.empty(),
                Optional.empty());
        assertEquals(127, r.exit.get().code());
        assertEquals("supervisor: couldn't chdir to /etc/passwd: ENOTDIR\n"
                + "supervisor: child process was not spawned\n", r.err());
    }

    @Test
    void execFailureReportsLikeSupervisord() throws Exception {
        Path script = tmp.resolve("noshebang");
        Files.writeString(script, "echo hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Recorder r = run(script.toString());
        assertEquals(127, r.exit.get().code());
        assertEquals("supervisor: couldn't exec " + script + ": ENOEXEC\n"
                + "supervisor: child process was not spawned\n", r.err());
    }

    @Test
    void environmentIsExactlyTheRequested() throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "A", "1", "WITH_SPACE", "x y", "EMPTY", "");
        Recorder r = run("/usr/bin/env", env, Optional.empty(), Optional.empty(), Optional.empty());
        List<String> lines = new ArrayList<>(Arrays.asList(r.out().split("\n")));
        lines.sort(null);
        assertEquals(List.of("A=1", "EMPTY=", "PATH=/usr/bin:/bin", "WITH_SPACE=x y"), lines);
    }

    @Test
    void argv0AsWrittenAndPathSearch() throws Exception {
        Recorder r = run("cat /proc/self/cmdline");
        assertEquals("cat\0/proc/self/cmdline\0", r.out());
    }

    @Test
    void pathSearchUsesTheChildsPath() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path prog = bin.resolve("my-prog");
        Files.writeString(prog, "#!/bin/sh\necho found \"$0\"\n");
        Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxr-xr-x"));
        Recorder r = run("my-prog", Map.of("PATH", "/nonexistent:" + bin), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertEquals("found " + prog + "\n", r.out());
    }

    @Test
    void withoutChildPathTheDaemonsPathIsSearched() throws Exception {
        Recorder r = run("echo hi", Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals("hi\n", r.out());
    }

    @Test
    void notFound() {
        SpawnException e = failure("/nonexistent/prog -x", SpawnerTest.env());
        assertEquals(SpawnException.Kind.NO_FILE, e.kind());
        assertEquals("can't find command '/nonexistent/prog'", e.getMessage());
        e = failure("no-such-program-here", SpawnerTest.env());
        assertEquals(SpawnException.Kind.NO_FILE, e.kind());
        assertEquals("can't find command 'no-such-program-here'", e.getMessage());
    }

    @Test
    void directoryAndNotExecutable() throws Exception {
        SpawnException e = failure(tmp.toString(), SpawnerTest.env());
        assertEquals(SpawnException.Kind.NOT_EXECUTABLE, e.kind());
        assertEquals("command at '" + tmp + "' is a directory", e.getMessage());
        Path plain = Files.writeString(tmp.resolve("plain"), "x");
        e = failure(plain.toString(), SpawnerTest.env());
        assertEquals(SpawnException.Kind.NOT_EXECUTABLE, e.kind());
        assertEquals("command at '" + plain + "' is not executable", e.getMessage());
    }

    @Test
    void firstPathEntryWinsEvenWhenItIsADirectory() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a/ls"));
        SpawnException e = failure("ls", Map.of("PATH", tmp.resolve("a") + ":/bin"));
        assertEquals("command at '" + a + "' is a directory", e.getMessage());
    }

    @Test
    void emptyAndUnparsableCommands() {
        SpawnException e = failure("   ", SpawnerTest.env());
        assertEquals(SpawnException.Kind.NOT_EXECUTABLE, e.kind());
        assertEquals("command is empty", e.getMessage());
        e = failure("/bin/echo 'abc", SpawnerTest.env());
        assertEquals("can't parse command \"/bin/echo 'abc\": No closing quotation", e.getMessage());
    }

    @Test
    void umaskKeepsThePid() throws Exception {
        Recorder r = run("/bin/sh -c 'umask; echo $$'", SpawnerTest.env(), Optional.empty(), Optional.of(027),
                Optional.empty());
        assertEquals("0027\n" + r.pid + "\n", r.out());
    }

    @Test
    void umaskKeepsArgv0AsWritten() throws Exception {
        Recorder r = run("cat /proc/self/cmdline", SpawnerTest.env(), Optional.of(tmp), Optional.of(077),
                Optional.empty());
        assertEquals("cat\0/proc/self/cmdline\0", r.out());
    }

    @Test
    void userKeepsThePidAndSetsAllIdsAndGroups() throws Exception {
        assumeTrue(Native.LIBC.getuid() == 0, "needs root");
        Recorder r = run("/bin/sh -c 'echo $$; id -u; id -G; grep ^Uid /proc/self/status; pwd; umask'",
                SpawnerTest.env(), Optional.of(Path.of("/tmp")), Optional.of(027), Optional.of("nobody"));
        assertEquals(r.pid + "\n65534\n65534\nUid:\t65534\t65534\t65534\t65534\n/tmp\n0027\n", r.out());
    }

    @Test
    void userChdirFailureIsTheUsers() throws Exception {
        assumeTrue(Native.LIBC.getuid() == 0, "needs root");
        Recorder r = run("/bin/echo hi", SpawnerTest.env(), Optional.of(Path.of("/root/nonexist")),
                Optional.empty(), Optional.of("nobody"));
        assertEquals(127, r.exit.get().code());
        assertEquals("supervisor: couldn't chdir to /root/nonexist: EACCES\n"
                + "supervisor: child process was not spawned\n", r.err());
    }

    @Test
    void unknownUserFailsInTheChild() throws Exception {
        Recorder r = run("/bin/echo hi", SpawnerTest.env(), Optional.empty(), Optional.empty(),
                Optional.of("no-such-user-xyz"));
        assertEquals(127, r.exit.get().code());
        assertEquals("supervisor: couldn't setuid to no-such-user-xyz: Can't find username 'no-such-user-xyz'\n"
                + "supervisor: child process was not spawned\n", r.err());
    }
}
