package io.drover.node.supervisor;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where one process's output goes, so the HTTP layer can read and tail the files itself.
 *
 * @param stdout the stdout log file (AUTO resolved), empty when none
 * @param stderr the stderr log file, empty when none (or redirected)
 */
public record LogPaths(String group, String name, Optional<Path> stdout, Optional<Path> stderr) {
}
