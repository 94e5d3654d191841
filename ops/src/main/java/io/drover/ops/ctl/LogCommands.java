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
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** tail, maintail and their {@code -f} streams over supervisord's {@code /logtail} and {@code /mainlogtail}. */
final class LogCommands {
    private final Controller ctl;

    LogCommands(Controller ctl) {
        this.ctl = ctl;
    }

    void register() {
        ctl.register("tail", a -> { tail(a); return false; }, this::helpTail);
        ctl.register("maintail", a -> { maintail(a); return false; }, this::helpMaintail);
    }

    void tail(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = new ArrayList<>(words(arg));
        if (args.isEmpty()) {
            ctl.output("Error: too few arguments");
            ctl.exitStatus = Controller.GENERIC;
            helpTail();
            return;
        }
        if (args.size() > 3) {
            ctl.output("Error: too many arguments");
            ctl.exitStatus = Controller.GENERIC;
            helpTail();
            return;
        }
        String modifier = args.get(0).startsWith("-") ? args.remove(0) : null;
        String name;
        String channel;
        if (args.size() == 1) {
            name = args.get(0);
            channel = "stdout";
        } else if (!args.isEmpty()) {
            name = args.get(0);
            channel = args.get(args.size() - 1).toLowerCase(java.util.Locale.ROOT);
            if (!channel.equals("stderr") && !channel.equals("stdout")) {
                ctl.output("Error: bad channel " + PyValues.repr(channel));
                ctl.exitStatus = Controller.GENERIC;
                return;
            }
        } else {
            ctl.output("Error: tail requires process name");
            ctl.exitStatus = Controller.GENERIC;
            return;
        }
        long bytes = 1600;
        boolean follow = false;
        if (modifier != null) {
            String what = modifier.substring(1);
            if (what.equals("f")) {
                follow = true;
            } else {
                try {
                    bytes = PyValues.parseInt(what).longValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    ctl.output("Error: bad argument " + modifier);
                    ctl.exitStatus = Controller.GENERIC;
                    return;
                }
            }
        }
        ctl.client();
        if (follow) {
            follow("/logtail/" + name + "/" + channel);
            return;
        }
        try {
            Object out = ctl.call(channel.equals("stdout") ? "readProcessStdoutLog" : "readProcessStderrLog", name,
                    intArg(-bytes), 0);
            ctl.output(PyValues.str(out));
        } catch (RpcFault e) {
            ctl.exitStatus = Controller.GENERIC;
            if (e.code() == Fault.NO_FILE.code()) {
                ctl.output(name + ": ERROR (no log file)");
            } else if (e.code() == Fault.FAILED.code()) {
                ctl.output(name + ": ERROR (unknown error reading log)");
            } else if (e.code() == Fault.BAD_NAME.code()) {
                ctl.output(name + ": ERROR (no such process name)");
            } else {
                throw e;
            }
        }
    }

    /** An int argument as xmlrpclib marshals one: beyond 32 bits it refuses. */
    private static Object intArg(long v) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new PyError("OverflowError", "int exceeds XML-RPC limits");
        }
        return (int) v;
    }

    void maintail(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = words(arg);
        long bytes = 1600;
        if (args.size() > 1) {
            ctl.output("Error: too many arguments");
            ctl.exitStatus = Controller.GENERIC;
            helpMaintail();
            return;
        } else if (args.size() == 1) {
            String a = args.get(0);
            if (!a.startsWith("-")) {
                ctl.output("Error: bad argument " + a);
                ctl.exitStatus = Controller.GENERIC;
                return;
            }
            String what = a.substring(1);
            if (what.equals("f")) {
                follow("/mainlogtail");
                return;
            }
            try {
                bytes = PyValues.parseInt(what).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                ctl.output("Error: bad argument " + a);
                ctl.exitStatus = Controller.GENERIC;
                return;
            }
        }
        ctl.client();
        try {
            ctl.output(PyValues.str(ctl.call("readLog", intArg(-bytes), 0)));
        } catch (RpcFault e) {
            ctl.exitStatus = Controller.GENERIC;
            if (e.code() == Fault.NO_FILE.code()) {
                ctl.output("supervisord: ERROR (no log file)");
            } else if (e.code() == Fault.FAILED.code()) {
                ctl.output("supervisord: ERROR (unknown error reading log)");
            } else {
                throw e;
            }
        }
    }

    /**
     * Streams a log tail until the server ends it or Ctrl-C. Problems go to stderr as supervisorctl's HTTP client
     * reports them ({@code <url> Cannot read, status code 404}); the exit status is left alone.
     */
    private void follow(String path) {
        ctl.output("==> Press Ctrl-C to exit <==");
        String url = ctl.serverUrl + path;
        PrintStream out = ctl.out();
        HttpTransport transport = HttpTransport.forTail(ServerUrl.parse(ctl.serverUrl), ctl.username, ctl.password);
        try (HttpTransport.Streamed s = Interrupts.closeOnInterrupt(transport.get(path))) {
            if (s.status() != 200) {
                ctl.err().print(url + " Cannot read, status code " + s.status() + "\n");
                ctl.err().flush();
                return;
            }
            InputStream body = s.body();
            byte[] buf = new byte[8192];
            for (int n; (n = body.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (ServerUnreachable e) {
            PyError p = PyError.of(e);
            ctl.err().print(url + " Cannot connect, error: " + p.pyClassText() + " (" + p.getMessage() + ")\n");
            ctl.err().flush();
        } catch (IOException e) {
            if (Interrupts.interrupted()) {
                ctl.output("");
            }
        } finally {
            Interrupts.clear();
        }
    }

    void helpTail() {
        ctl.output("tail [-f] <name> [stdout|stderr] (default stdout)\n"
                + "Ex:\n"
                + "tail -f <name>\t\tContinuous tail of named process stdout\n"
                + "\t\t\tCtrl-C to exit.\n"
                + "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
                + "tail <name> stderr\tlast 1600 *bytes* of process stderr");
    }

    void helpMaintail() {
        ctl.output("maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
                + "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
                + "maintail\tlast 1600 *bytes* of supervisor main log file\n");
    }
}
