package io.drover.node.supervisor;

/**
 * The per-process struct of group and all calls ({@code startProcessGroup}, {@code stopAllProcesses}, ...):
 * {@code status} is {@link Fault#SUCCESS} with description {@code OK}, or the fault code and text.
 */
public record ProcessResult(String name, String group, int status, String description) {

    public static ProcessResult ok(String group, String name) {
        return new ProcessResult(name, group, Fault.SUCCESS, "OK");
    }

    public static ProcessResult failed(String group, String name, Fault fault) {
        return new ProcessResult(name, group, fault.code(), fault.text());
    }
}
