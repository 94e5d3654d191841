package io.drover.ops.ctl;

import static io.drover.ops.ctl.Results.words;

import io.drover.http.xmlrpc.Fault;
import io.drover.http.xmlrpc.PyValues;
import io.drover.http.xmlrpc.RpcFault;
import io.drover.http.xmlrpc.client.HttpTransport;
import io.drover.http.xmlrpc.client.ServerUnreachable;
import io.drover.http.xmlrpc.client.ServerUrl;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** shutdown, reload, version, open, fg, quit and exit. */
final class DaemonCommands {
    private final Controller ctl;

    DaemonCommands(Controller ctl) {
        this.ctl = ctl;
    }

    void register() {
        ctl.register("shutdown", a -> { shutdown(a); return false; },
                () -> ctl.output("shutdown \tShut the remote supervisord down."));
        ctl.register("reload", a -> { reload(a); return false; },
                () -> ctl.output("reload \t\tRestart the remote supervisord."));
        ctl.register("version", a -> { version(a); return false; },
                () -> ctl.output("version\t\t\tShow the version of the remote supervisord process"));
        ctl.register("open", a -> { open(a); return false; }, () -> {
            ctl.output("open <url>\tConnect to a remote supervisord process.");
            ctl.output("\t\t(for UNIX domain socket, use unix:///socket/path)");
        });
        ctl.register("fg", a -> { fg(a); return false; }, () -> {
            ctl.output("fg <process>\tConnect to a process in foreground mode");
            ctl.output("\t\tCtrl-C to exit");
        });
        ctl.register("quit", this::quit, () -> ctl.output("quit\tExit the supervisor shell."));
        ctl.register("exit", this::quit, () -> ctl.output("exit\tExit the supervisor shell."));
    }

    private boolean quit(String arg) {
        ctl.output("");
        return true;
    }

    private boolean confirmed(String question) throws IOException {
        if (!ctl.interactive) {
            return true;
        }
        String answer = ctl.rawInput(question);
        if (answer == null) {
            throw new PyError("EOFError", "");
        }
        return answer.toLowerCase(Locale.ROOT).startsWith("y");
    }

    void shutdown(String arg) throws IOException {
        if (!arg.isEmpty()) {
            ctl.output("Error: shutdown accepts no arguments");
            ctl.exitStatus = Controller.GENERIC;
            ctl.help("shutdown");
            return;
        }
        if (!confirmed("Really shut the remote supervisord process down y/N? ")) {
            return;
        }
        try {
            ctl.call("shutdown");
            ctl.output("Shut down");
        } catch (RpcFault e) {
            if (e.code() != Fault.SHUTDOWN_STATE.code()) {
                ctl.exitStatus = Controller.GENERIC;
                throw e;
            }
            ctl.output("ERROR: already shutting down");
        } catch (ServerUnreachable e) {
            ctl.exitStatus = Controller.GENERIC;
            if (e.reason() == ServerUnreachable.Reason.REFUSED) {
                ctl.output("ERROR: " + ctl.serverUrl + " refused connection (already shut down?)");
            } else if (e.reason() == ServerUnreachable.Reason.NO_SUCH_FILE) {
                ctl.output("ERROR: " + ctl.serverUrl + " no such file (already shut down?)");
            } else {
                throw e;
            }
        }
    }

    void reload(String arg) throws IOException {
        if (!arg.isEmpty()) {
            ctl.output("Error: reload accepts no arguments");
            ctl.exitStatus = Controller.GENERIC;
            ctl.help("reload");
            return;
        }
        if (!confirmed("Really restart the remote supervisord process y/N? ")) {
            return;
        }
        try {
            ctl.call("restart");
            ctl.output("Restarted supervisord");
        } catch (RpcFault e) {
            ctl.exitStatus = Controller.GENERIC;
            if (e.code() != Fault.SHUTDOWN_STATE.code()) {
                throw e;
            }
            ctl.output("ERROR: already shutting down");
        }
    }

    void version(String arg) throws IOException {
        if (!arg.isEmpty()) {
            ctl.output("Error: version accepts no arguments");
            ctl.exitStatus = Controller.GENERIC;
            ctl.help("version");
            return;
        }
        if (!ctl.upcheck()) {
            return;
        }
        ctl.output(PyValues.str(ctl.call("getSupervisorVersion")));
    }

    void open(String arg) throws IOException {
        String url = arg.strip();
        int colon = url.indexOf(':');
        String scheme = colon > 0 ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("unix") && !scheme.equals("http")) {
            ctl.output("ERROR: url must be http:// or unix://");
            ctl.exitStatus = Controller.GENERIC;
            return;
        }
        ctl.serverUrl = url;
        int old = ctl.exitStatus;
        ctl.onecmdStatus();
        ctl.exitStatus = old;
    }

    /**
     * Foreground mode: the process's stdout and stderr tails stream to the terminal while each line typed is sent to
     * its stdin, until it stops, Ctrl-C or the end of input.
     */
    void fg(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        var names = words(arg);
        if (names.isEmpty()) {
            ctl.output("ERROR: no process name supplied");
            ctl.exitStatus = Controller.GENERIC;
            ctl.help("fg");
            return;
        }
        if (names.size() > 1) {
            ctl.output("ERROR: too many process names supplied");
            ctl.exitStatus = Controller.GENERIC;
            return;
        }
        String name = names.get(0);
        Map<String, Object> info;
        try {
            info = Results.struct(ctl.call("getProcessInfo", name));
        } catch (RpcFault e) {
            if (e.code() == Fault.BAD_NAME.code()) {
                ctl.output("ERROR: bad process name supplied");
                ctl.exitStatus = Controller.GENERIC;
            } else {
                ctl.output("ERROR: " + PyError.of(e).getMessage());
            }
            return;
        }
        if (Results.num(info, "state") != 20) {
            ctl.output("ERROR: process not running");
            ctl.exitStatus = Controller.GENERIC;
            return;
        }
        ctl.output("==> Press Ctrl-C to exit <==");
        HttpTransport tail = HttpTransport.forTail(ServerUrl.parse(ctl.serverUrl), ctl.username, ctl.password);
        AtomicBoolean ended = new AtomicBoolean();
        Thread a = pump(tail, "/logtail/" + name + "/stdout", ctl.out(), ended);
        Thread b = pump(tail, "/logtail/" + name + "/stderr", ctl.out(), ended);
        try {
            while (true) {
                String line = ctl.rawInput("");
                if (line == null) {
                    end(ended, "Exiting foreground");
                    return;
                }
                try {
                    ctl.call("sendProcessStdin", name, line + "\n");
                } catch (RpcFault e) {
                    end(ended, e.code() == Fault.NOT_RUNNING.code() ? "Process got killed"
                            : "ERROR: " + PyError.of(e).getMessage(), "Exiting foreground");
                    return;
                }
                info = Results.struct(ctl.call("getProcessInfo", name));
                if (Results.num(info, "state") != 20) {
                    end(ended, "Process got killed", "Exiting foreground");
                    return;
                }
            }
        } finally {
            // interrupting a thread blocked on a socket channel closes that channel
            a.interrupt();
            b.interrupt();
        }
    }

    /**
     * Ends fg's output: the streams write nothing after this (supervisorctl kills its stream thread right after
     * these lines), so the last lines are always fg's own.
     */
    private void end(AtomicBoolean ended, String... lines) {
        synchronized (ctl.out()) {
            ended.set(true);
        }
        for (String line : lines) {
            ctl.output(line);
        }
    }

    /**
     * Copies one log-tail stream to the terminal while fg runs: two threads for the session, each connecting on its
     * own so that a stream whose answer is slow to start does not hold up the other.
     */
    private static Thread pump(HttpTransport tail, String path, java.io.PrintStream sink, AtomicBoolean ended) {
        Thread t = new Thread(() -> {
            try (HttpTransport.Streamed s = tail.get(path)) {
                if (s.status() != 200) {
                    return;
                }
                InputStream in = s.body();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (sink) {
                        if (ended.get()) {
                            return;
                        }
                        sink.write(buf, 0, n);
                        sink.flush();
                    }
                }
            } catch (IOException e) {
                // closed when fg ends
            }
        }, "droverctl-fg");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
