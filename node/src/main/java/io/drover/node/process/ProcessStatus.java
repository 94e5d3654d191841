package io.drover.node.process;

/**
 * What a ProcessActor tells its node after every change: the state machine's visible fields, plus the transition
 * that produced this snapshot (so state-change events can be built from it).
 *
 * @param group         group name
 * @param name          process name
 * @param state         the new state
 * @param previous      the state before this transition (equal to {@code state} when only other fields changed)
 * @param expected      for EXITED: whether the exit code was expected
 * @param backoff       the retry counter ({@code tries} of state events)
 * @param pid           the child's pid, 0 when none
 * @param startMillis   last spawn, epoch millis, 0 if never started
 * @param stopMillis    last exit, epoch millis, 0 if never
 * @param spawnerr      the last spawn error, empty if none
 * @param exitstatus    the last exit status (-1 after a signal), 0 if none
 * @param killing       a stop is in progress (stdin refuses writes)
 */
public record ProcessStatus(
        String group,
        String name,
        ProcessState state,
        ProcessState previous,
        boolean expected,
        int backoff,
        int pid,
        long startMillis,
        long stopMillis,
        String spawnerr,
        int exitstatus,
        boolean killing) {

    /** A process that was never started. */
    public static ProcessStatus initial(String group, String name) {
        return new ProcessStatus(group, name, ProcessState.STOPPED, ProcessState.STOPPED, true, 0, 0, 0, 0, "", 0,
                false);
    }

    /** Whether this snapshot records a state transition (not just a field update). */
    public boolean isTransition() {
        return state != previous;
    }
}
