package io.drover.node.supervisor;

import io.drover.config.ConfigLoader;
import io.drover.config.LogLevel;
import io.drover.config.SupervisorConfig;
import io.drover.node.mainlog.MainLog;
import io.drover.node.os.OsLayer;
import io.drover.node.process.LogChannelSink;
import io.drover.node.process.ProcessStatus;
import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A real node for tests: a config file in a temp dir, the real OS layer, a NodeSupervisor in an ActorTestKit, the
 * daemon log in a file. {@link #close()} kills every child (and its process group) that was ever seen.
 */
final class NodeHarness implements AutoCloseable {

    final Path dir;
    final Path conf;
    final Path mainLog;
    final ActorTestKit kit;
    final OsLayer os;
    final ActorRef<NodeSupervisor.Command> node;
    final ProcessTable table = new ProcessTable();
    final List<ProcessStatus> transitions = new CopyOnWriteArrayList<>();
    private final Set<Integer> pids = ConcurrentHashMap.newKeySet();
    private final MainLog log;

    /** {@code body} is everything after {@code [supervisord]}'s keys (program sections etc.). */
    static NodeHarness start(String body) throws IOException {
        return start(body, Map.of());
    }

    static NodeHarness start(String body, Map<String, String> daemonEnv) throws IOException {
        return start(body, daemonEnv, LogLevel.DEBG);
    }

    /** At {@code loglevel=info}: no debug echo of output, so plain log channels take the splice path. */
    static NodeHarness startAtInfo(String body) throws IOException {
        return start(body, Map.of(), LogLevel.INFO);
    }

    private static NodeHarness start(String body, Map<String, String> daemonEnv, LogLevel level) throws IOException {
        Path dir = Files.createTempDirectory("drover-node-test");
        Path conf = dir.resolve("supervisord.conf");
        write(conf, dir, body, level);
        return new NodeHarness(dir, conf, daemonEnv, level);
    }

    static void write(Path conf, Path dir, String body) throws IOException {
        write(conf, dir, body, LogLevel.DEBG);
    }

    private static void write(Path conf, Path dir, String body, LogLevel level) throws IOException {
        String text = "[supervisord]\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile=" + dir.resolve("pid")
                + "\nchildlogdir=" + dir + "\nloglevel=" + (level == LogLevel.DEBG ? "debug" : "info") + "\n\n"
                + body;
        Files.writeString(conf, text);
    }

    private NodeHarness(Path dir, Path conf, Map<String, String> extraEnv, LogLevel level) throws IOException {
        this.dir = dir;
        this.conf = conf;
        this.mainLog = dir.resolve("supervisord.log");
        SupervisorConfig cfg = ConfigLoader.load(conf);
        this.log = MainLog.open(java.util.Optional.of(mainLog), level, null);
        this.os = OsLayer.start();
        this.kit = ActorTestKit.create();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        NodeSettings settings = new NodeSettings(os.launcher(), log, env, () -> ConfigLoader.load(conf),
                LogChannelSink.FACTORY, s -> {
                    if (s.pid() != 0) {
                        pids.add(s.pid());
                    }
                    if (s.isTransition()) {
                        transitions.add(s);
                    }
                });
        this.node = kit.spawn(NodeSupervisor.create(cfg, settings, false, table), "node");
    }

    <T> Reply<T> ask(Function<ActorRef<Reply<T>>, NodeSupervisor.Command> make) {
        return ask(make, Duration.ofSeconds(30));
    }

    <T> Reply<T> ask(Function<ActorRef<Reply<T>>, NodeSupervisor.Command> make, Duration timeout) {
        CompletionStage<Reply<T>> f = AskPattern.ask(node, make::apply, timeout, kit.scheduler());
        try {
            return f.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("ask failed", e);
        }
    }

    <T> T ok(Function<ActorRef<Reply<T>>, NodeSupervisor.Command> make) {
        Reply<T> r = ask(make);
        if (r instanceof Reply.Success<T> s) {
            return s.value();
        }
        throw new AssertionError("expected success, got " + r);
    }

    <T> Fault fault(Function<ActorRef<Reply<T>>, NodeSupervisor.Command> make) {
        Reply<T> r = ask(make);
        if (r instanceof Reply.Failure<T> f) {
            return f.fault();
        }
        throw new AssertionError("expected a fault, got " + r);
    }

    ProcessInfo info(String name) {
        return ok(r -> new NodeSupervisor.GetProcessInfo(name, r));
    }

    String state(String name) {
        return info(name).statename();
    }

    void awaitState(String name, String state, Duration timeout) {
        Eventually.await(timeout, name + " " + state, () -> state.equals(state(name)));
    }

    void awaitState(String name, String state) {
        awaitState(name, state, Duration.ofSeconds(10));
    }

    String mainLogText() {
        try {
            return Files.readString(mainLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    void awaitLog(String fragment) {
        Eventually.await(Duration.ofSeconds(10), "log line " + fragment, () -> mainLogText().contains(fragment));
    }

    /** States of {@code name} seen so far, in order. */
    List<String> statesOf(String name) {
        List<String> out = new ArrayList<>();
        for (ProcessStatus s : transitions) {
            if (s.name().equals(name)) {
                out.add(s.state().name());
            }
        }
        return out;
    }

    Set<Integer> pidsSeen() {
        return Set.copyOf(pids);
    }

    static boolean alive(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    static boolean isZombie(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** kill -9 each process group and process, a few hundred per kill(1) run (a churn test sees thousands). */
    static void killAll(List<Integer> all) {
        for (int from = 0; from < all.size(); from += 250) {
            List<String> cmd = new ArrayList<>(List.of("kill", "-9", "--"));
            for (int pid : all.subList(from, Math.min(all.size(), from + 250))) {
                cmd.add("-" + pid);
                cmd.add(Integer.toString(pid));
            }
            try {
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor();
            } catch (IOException | InterruptedException e) {
                // best effort in cleanup
            }
        }
    }

    static void kill(int pid) {
        try {
            new ProcessBuilder("kill", "-9", "--", "-" + pid).start().waitFor();
            new ProcessBuilder("kill", "-9", "" + pid).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // best effort in cleanup
        }
    }

    @Override
    public void close() {
        killAll(List.copyOf(pids));
        kit.shutdownTestKit();
        os.close();
        log.close();
    }
}
