package io.drover.node.supervisor;

import java.util.List;

/** {@code reloadConfig}: group names added, changed and removed between the file on disk and the running set. */
public record ConfigChanges(List<String> added, List<String> changed, List<String> removed) {
    public ConfigChanges {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }
}
