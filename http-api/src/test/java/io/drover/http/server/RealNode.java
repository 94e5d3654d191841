package io.drover.http.server;

import io.drover.config.ConfigLoader;
import io.drover.config.SupervisorConfig;
import io.drover.node.NodeRuntime;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessInfo;
import io.drover.node.supervisor.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A real daemon for tests: a supervisord.conf with an inet server (127.0.0.1, free port, user u / password p) and
 * a unix socket, wired as the daemon wires it ({@link NodeRuntime}, then {@link HttpServers}). {@link #close()}
 * kills every child (and its process group) the node ever reported.
 */
final class RealNode implements AutoCloseable {
    final Path dir;
    final Path conf;
    final int port;
    final Path socket;
    final NodeRuntime runtime;
    final ActorRef<NodeSupervisor.Command> node;
    final HttpServers servers;
    private final Set<Integer> pids = ConcurrentHashMap.newKeySet();

    static RealNode start(String programs) throws IOException {
        return new RealNode(programs);
    }

    private RealNode(String programs) throws IOException {
        dir = Files.createTempDirectory("drover-ctl");
        conf = dir.resolve("supervisord.conf");
        socket = dir.resolve("supervisor.sock");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile="
                + dir.resolve("pid") + "\nchildlogdir=" + dir + "\n\n[inet_http_server]\nport=127.0.0.1:" + port
                + "\nusername=u\npassword=p\n\n[unix_http_server]\nfile=" + socket + "\n\n" + programs);
        SupervisorConfig cfg = ConfigLoader.load(conf);
        try {
            runtime = NodeRuntime.start(cfg, NodeRuntime.Options.of(() -> ConfigLoader.load(conf), null));
        } catch (NodeRuntime.StartupException e) {
            throw new IOException(e.getMessage(), e);
        }
        node = runtime.node();
        servers = HttpServers.start(runtime.system(), node, cfg, Optional.empty(), Optional.of(runtime.table()), null);
        runtime.begin();
    }

    /** Remembers the pids of every process now running, for the cleanup. */
    void notePids() {
        try {
            Reply<List<ProcessInfo>> r = AskPattern.<NodeSupervisor.Command, Reply<List<ProcessInfo>>>ask(node,
                    NodeSupervisor.GetAllProcessInfo::new, Duration.ofSeconds(5), runtime.system().scheduler())
                    .toCompletableFuture().get(6, TimeUnit.SECONDS);
            if (r instanceof Reply.Success<List<ProcessInfo>> s) {
                for (ProcessInfo p : s.value()) {
                    if (p.pid() != 0) {
                        pids.add(p.pid());
                    }
                }
            }
        } catch (Exception e) {
            // the node is gone (shut down): its children went with it
        }
    }

    /** Output (stdout and stderr) and exit code of one supervisorctl run. */
    record Ctl(String output, int exit) {
    }

    Ctl ctl(String... args) throws IOException, InterruptedException {
        return ctlAt("http://127.0.0.1:" + port, args);
    }

    Ctl ctlAt(String serverUrl, String... args) throws IOException, InterruptedException {
        notePids();
        List<String> cmd = new ArrayList<>(List.of("supervisorctl", "-s", serverUrl, "-u", "u", "-p", "p"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            // read before waiting: a long status would otherwise block on a full pipe
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("supervisorctl " + String.join(" ", args) + " did not finish");
            }
            return new Ctl(output, p.exitValue());
        } finally {
            p.destroyForcibly();
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
        notePids();
        try {
            servers.close();
        } finally {
            runtime.close();
            for (int pid : pids) {
                kill(pid);
            }
        }
    }
}
