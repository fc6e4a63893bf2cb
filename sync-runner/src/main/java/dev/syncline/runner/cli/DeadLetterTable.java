package dev.syncline.runner.cli;

import dev.syncline.runner.deadletter.DeadLetter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Dead letters as a table for a terminal: one line each, the reason shortened to one line. */
final class DeadLetterTable {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int REASON_WIDTH = 120;
    private static final List<String> HEADER = List.of("ID", "PIPELINE", "TYPE", "OBJECT ID", "VERSION", "ATTEMPTS", "LAST FAILURE", "STATUS", "REASON");

    private DeadLetterTable() {}

    static String render(List<DeadLetter> letters) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (DeadLetter letter : letters) {
            rows.add(List.of(Long.toString(letter.id()), letter.pipeline(), letter.record().key().objectType(), letter.record().key().id(),
                    Long.toString(letter.record().version()), Integer.toString(letter.attempts()), TIME.format(letter.lastFailedAt()),
                    letter.status().column(), oneLine(letter.reason())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                boolean last = i == row.size() - 1;
                out.append(last ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String oneLine(String reason) {
        String flat = reason.replaceAll("\\s+", " ").strip();
        return flat.length() > REASON_WIDTH ? flat.substring(0, REASON_WIDTH - 1) + "…" : flat;
    }
}
