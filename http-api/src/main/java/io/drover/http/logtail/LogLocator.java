package io.drover.http.logtail;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where the logs the tail endpoints follow are: a process's channel, and the daemon's own log. */
public interface LogLocator {
    /**
     * The log file of one process channel ({@code stdout} or {@code stderr}); empty when the name is unknown, the
     * channel is not one of the two, or the channel is logged nowhere.
     */
    CompletionStage<Optional<Path>> processLog(String name, String channel);

    /** The daemon's activity log, if it has a file. */
    Optional<Path> mainLog();
}
