package io.drover.node.events;

import io.drover.node.os.Child;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Test stand-in for a ProcessActor running a listener process: a real child (ProcessBuilder) whose stdout goes to
 * the bus as listener output and whose state changes (STARTING, RUNNING at once, EXITED on exit) are published as
 * the ProcessActor publishes them. One reader thread per child is fine in a test.
 */
final class ListenerProcess implements Child, AutoCloseable {

    private final ActorRef<EventBus.Command> bus;
    private final String group;
    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final Thread reader;

    private ListenerProcess(ActorRef<EventBus.Command> bus, String group, String name, Process process) {
        this.bus = bus;
        this.group = group;
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(this::pump, "listener-" + name);
    }

    static ListenerProcess start(ActorRef<EventBus.Command> bus, String group, String name, List<String> argv,
                                 Map<String, String> env, Path stderrFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
        pb.environment().putAll(env);
        bus.tell(new EventBus.Publish(Event.processState("STARTING", name, group, "STOPPED", 0, true, 0)));
        Process p = pb.start();
        ListenerProcess lp = new ListenerProcess(bus, group, name, p);
        bus.tell(new EventBus.ListenerSpawned(group, name, lp));
        bus.tell(new EventBus.Publish(Event.processState("RUNNING", name, group, "STARTING", 0, true, lp.pid())));
        lp.reader.setDaemon(true);
        lp.reader.start();
        return lp;
    }

    private void pump() {
        try (InputStream in = process.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                bus.tell(new EventBus.ListenerStdout(group, name, java.util.Arrays.copyOf(buf, n)));
            }
        } catch (IOException e) {
            // the pipe closed under us: treat as EOF
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            return;
        }
        bus.tell(new EventBus.Publish(Event.processState("EXITED", name, group, "RUNNING", 0,
                process.exitValue() == 0, pid())));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the exit to be published (the reader ends after it). */
    void awaitReaper() throws InterruptedException {
        reader.join(5000);
    }

    @Override
    public int pid() {
        return (int) process.pid();
    }

    @Override
    public boolean signal(int signal) {
        return process.isAlive();
    }

    @Override
    public boolean signalGroup(int signal) {
        return process.isAlive();
    }

    @Override
    public synchronized void writeStdin(byte[] data) throws IOException {
        stdin.write(data);
        stdin.flush();
    }

    @Override
    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Kills the child by its PID and waits for it. */
    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
