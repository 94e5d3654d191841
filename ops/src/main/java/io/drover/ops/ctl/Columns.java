package io.drover.ops.ctl;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code cmd.Cmd.columnize}: the fewest rows whose columns fit the width, columns filled top-down. */
final class Columns {
    private Columns() {
    }

    static List<String> layout(List<String> names, int displayWidth) {
        List<String> rows = new ArrayList<>();
        int size = names.size();
        if (size == 0) {
            rows.add("<empty>");
            return rows;
        }
        if (size == 1) {
            rows.add(names.get(0));
            return rows;
        }
        int nrows;
        int ncols = 0;
        int[] widths = null;
        for (nrows = 1; nrows < size; nrows++) {
            ncols = (size + nrows - 1) / nrows;
            widths = new int[ncols];
            int total = -2;
            for (int col = 0; col < ncols; col++) {
                int w = 0;
                for (int row = 0; row < nrows; row++) {
                    int i = row + nrows * col;
                    if (i >= size) {
                        break;
                    }
                    w = Math.max(w, names.get(i).length());
                }
                widths[col] = w;
                total += w + 2;
                if (total > displayWidth) {
                    break;
                }
            }
            if (total <= displayWidth) {
                break;
            }
        }
        if (nrows >= size) {
            nrows = size;
            ncols = 1;
            widths = new int[] {0};
        }
        for (int row = 0; row < nrows; row++) {
            List<String> texts = new ArrayList<>();
            for (int col = 0; col < ncols; col++) {
                int i = row + nrows * col;
                texts.add(i >= size ? "" : names.get(i));
            }
            while (!texts.isEmpty() && texts.get(texts.size() - 1).isEmpty()) {
                texts.remove(texts.size() - 1);
            }
            StringBuilder sb = new StringBuilder();
            for (int col = 0; col < texts.size(); col++) {
                if (col > 0) {
                    sb.append("  ");
                }
                String t = texts.get(col);
                sb.append(t).append(" ".repeat(Math.max(0, widths[col] - t.length())));
            }
            rows.add(sb.toString());
        }
        return rows;
    }
}
