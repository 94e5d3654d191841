package io.drover.ops.ctl;

import io.drover.http.xmlrpc.Fault;
import io.drover.http.xmlrpc.RpcFault;
import io.drover.http.xmlrpc.client.HttpStatusException;
import io.drover.http.xmlrpc.client.ServerUnreachable;
import io.drover.http.xmlrpc.client.ServerUrl;
import io.drover.http.xmlrpc.client.SupervisorClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One droverctl session: the server URL and credentials, the exit status, and the command table. Parses and
 * dispatches lines as supervisorctl's {@code cmd.Cmd} controller does.
 */
public final class Controller {
    /** LSB init exit codes, as supervisorctl uses them. */
    static final int GENERIC = 1;
    static final int INVALID_ARGS = 2;
    static final int UNIMPLEMENTED_FEATURE = 3;
    static final int INSUFFICIENT_PRIVILEGES = 4;
    static final int NOT_INSTALLED = 5;
    static final int NOT_RUNNING = 7;
    /** LSB status exit codes ({@code status} only). */
    static final int STATUS_NOT_RUNNING = 3;
    static final int STATUS_UNKNOWN = 4;

    /** The RPC API version supervisorctl 4.2 insists on. */
    private static final String API_VERSION = "3.0";

    /** One command: what it does with its argument text, and its help. */
    interface Action {
        /** @return true to leave the interactive loop */
        boolean run(String arg) throws IOException;
    }

    record Entry(Action action, Runnable help) {
    }

    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;
    private final Map<String, Entry> commands = new TreeMap<>();
    private final Map<String, Runnable> extraHelp = new LinkedHashMap<>();
    private final List<String> history = new ArrayList<>();
    String serverUrl;
    String username;
    String password;
    final boolean interactive;
    final String prompt;
    int exitStatus;

    public Controller(PrintStream out, PrintStream err, BufferedReader in, String serverUrl, String username, String password,
            boolean interactive, String promptName) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.serverUrl = serverUrl;
        this.username = username;
        this.password = password;
        this.interactive = interactive;
        this.prompt = promptName + "> ";
        new ProcessCommands(this).register();
        new LogCommands(this).register();
        new ConfigCommands(this).register();
        new DaemonCommands(this).register();
        extraHelp.put("help", () -> {
            output("help\t\tPrint a list of available actions");
            output("help <action>\tPrint help for <action>");
        });
    }

    void register(String name, Action action, Runnable help) {
        commands.put(name, new Entry(action, help));
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** The lines typed in the interactive loop, for the history file. */
    public List<String> history() {
        return history;
    }

    void output(String message) {
        out.print(message + "\n");
        out.flush();
    }

    PrintStream out() {
        return out;
    }

    /** Where the log-tail streams report trouble, as supervisorctl's HTTP client does on stderr. */
    PrintStream err() {
        return err;
    }

    /** Python's {@code raw_input(prompt)}: the prompt on stdout, one line from stdin, null at end of input. */
    String rawInput(String promptText) throws IOException {
        out.print(promptText);
        out.flush();
        return in.readLine();
    }

    SupervisorClient client() {
        return new SupervisorClient(ServerUrl.parse(serverUrl), username, password);
    }

    /** One XML-RPC call on the {@code supervisor} namespace. */
    Object call(String method, Object... params) throws IOException {
        return client().call("supervisor." + method, params);
    }

    /**
     * supervisorctl's check before most commands: the server answers getVersion with API 3.0. Prints why not and
     * sets the exit status otherwise.
     */
    boolean upcheck() throws IOException {
        try {
            Object api = call("getVersion");
            if (!API_VERSION.equals(api)) {
                output("Sorry, this version of supervisorctl expects to talk to a server with API version "
                        + API_VERSION + ", but the remote version is " + io.drover.http.xmlrpc.PyValues.str(api)
                        + ".");
                exitStatus = NOT_INSTALLED;
                return false;
            }
        } catch (RpcFault e) {
            if (e.code() == Fault.UNKNOWN_METHOD.code()) {
                output("Sorry, supervisord responded but did not recognize the supervisor namespace commands that "
                        + "supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
                        + "section is enabled in the configuration file (see sample.conf).");
                exitStatus = UNIMPLEMENTED_FEATURE;
                return false;
            }
            exitStatus = GENERIC;
            throw e;
        } catch (ServerUnreachable e) {
            if (e.reason() == ServerUnreachable.Reason.REFUSED) {
                output(serverUrl + " refused connection");
                exitStatus = INSUFFICIENT_PRIVILEGES;
                return false;
            }
            if (e.reason() == ServerUnreachable.Reason.NO_SUCH_FILE) {
                output(serverUrl + " no such file");
                exitStatus = NOT_RUNNING;
                return false;
            }
            exitStatus = GENERIC;
            throw e;
        }
        return true;
    }

    /** The exit status a per-process result code implies (the ignored code and SUCCESS leave it alone). */
    void exitStatusFromFault(int code, int ignored) {
        if (code == ignored || code == Fault.SUCCESS.code()) {
            return;
        }
        if (code == Fault.SPAWN_ERROR.code() || code == Fault.ABNORMAL_TERMINATION.code()
                || code == Fault.NOT_RUNNING.code()) {
            exitStatus = NOT_RUNNING;
        } else {
            exitStatus = GENERIC;
        }
    }

    void exitStatusFromFault(int code) {
        exitStatusFromFault(code, -1);
    }

    /**
     * Runs one line as supervisorctl's {@code onecmd}: unknown commands, credentials asked for again in interactive
     * mode, and any unexpected error printed as one line.
     *
     * @return true when the interactive loop should end
     */
    public boolean onecmd(String rawLine) {
        String line = rawLine.strip();
        if (line.isEmpty()) {
            return false;
        }
        if (line.charAt(0) == '?') {
            line = "help " + line.substring(1);
        }
        int i = 0;
        while (i < line.length() && isIdentChar(line.charAt(i))) {
            i++;
        }
        String cmd = line.substring(0, i);
        String arg = line.substring(i).strip();
        Entry entry = cmd.isEmpty() ? null : lookup(cmd);
        if (entry == null) {
            output("*** Unknown syntax: " + line);
            exitStatus = GENERIC;
            return false;
        }
        try {
            try {
                return entry.action().run(arg);
            } catch (HttpStatusException e) {
                if (e.status() != 401) {
                    exitStatus = GENERIC;
                    throw e;
                }
                output("Server requires authentication");
                if (interactive) {
                    String user = rawInput("Username:");
                    String pass = readPassword();
                    output("");
                    username = user == null ? "" : user;
                    password = pass == null ? "" : pass;
                    return onecmd(line);
                }
                exitStatus = GENERIC;
            }
            // supervisorctl runs the command once more here; without new credentials it fails the same way
            return entry.action().run(arg);
        } catch (Exception e) {
            output(PyError.of(e).line());
            exitStatus = GENERIC;
            return false;
        }
    }

    private String readPassword() throws IOException {
        java.io.Console console = System.console();
        if (console != null) {
            char[] p = console.readPassword("Password:");
            return p == null ? null : new String(p);
        }
        // no terminal: like Python's getpass fallback, the prompt goes to stderr and the line is read from stdin
        err.print("Password:");
        err.flush();
        String p = in.readLine();
        err.print("\n");
        err.flush();
        return p;
    }

    private Entry lookup(String cmd) {
        Entry e = commands.get(cmd);
        if (e != null) {
            return e;
        }
        return switch (cmd) {
            case "help" -> new Entry(arg -> {
                help(arg);
                return false;
            }, null);
            case "EOF" -> new Entry(arg -> {
                output("");
                return true;
            }, null);
            default -> null;
        };
    }

    private static boolean isIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** {@code open}'s status listing, run as the {@code status} command. */
    void onecmdStatus() throws IOException {
        commands.get("status").action().run("");
    }

    /** {@code help} and {@code help <topic>}. */
    void help(String arg) {
        if (arg.strip().equals("help")) {
            extraHelp.get("help").run();
            return;
        }
        if (!arg.isEmpty()) {
            Entry e = commands.get(arg);
            if (e != null && e.help() != null) {
                e.help().run();
            } else {
                output("*** No help on " + arg);
            }
            return;
        }
        output("");
        printTopics("default commands (type help <topic>):", new ArrayList<>(commands.keySet()), 80);
    }

    /** Python's {@code cmd.Cmd.print_topics}: a header, a ruler, the names in columns, a blank line. */
    private void printTopics(String header, List<String> names, int maxcol) {
        StringBuilder sb = new StringBuilder();
        sb.append(header).append('\n').append("=".repeat(header.length())).append('\n');
        Columns.layout(names, maxcol - 1).forEach(row -> sb.append(row).append('\n'));
        sb.append('\n');
        out.print(sb);
        out.flush();
    }

    /**
     * The interactive shell: {@code status} first, then a prompt per line until {@code quit}, {@code exit} or the
     * end of input.
     */
    public void cmdloop() {
        if (onecmd("status")) {
            return;
        }
        while (true) {
            String line;
            try {
                line = rawInput(prompt);
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                line = "EOF";
            } else if (!line.isBlank()) {
                history.add(line);
            }
            if (onecmd(line)) {
                return;
            }
        }
    }
}
