package dev.syncline.connector.hubspot;

import dev.syncline.connector.spi.RecordOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides, from what HubSpot holds, whether a record is stale, unchanged, a tie, or what to send:
 * for a newer state, only the mapped properties that differ from what HubSpot holds, plus the
 * version stamp (so a stale page cannot regress the record after a restart, when the cache is gone).
 */
final class Decider {
    private Decider() {}

    static void decide(Work work) {
        Work.Current current = work.current;
        long version = work.record.version();
        boolean delete = work.record.isDelete();
        if (current != null && current.version() > version) {
            work.outcome = RecordOutcome.STALE;
            return;
        }
        if (current != null && current.version() == version) {
            boolean same = current.deleted() == delete && current.hash().equals(work.hash);
            work.outcome = same ? RecordOutcome.UNCHANGED : RecordOutcome.TIE;
            return;
        }
        if (delete) {
            decideDelete(work, current);
            return;
        }
        Map<String, String> send = new LinkedHashMap<>();
        boolean fresh = current == null || current.archived();
        for (int i = 0; i < work.target.properties().size(); i++) {
            String property = work.target.properties().get(i).property();
            String value = work.values.get(property);
            if (fresh ? !value.isEmpty() : current.differs(work.target, i, value)) {
                send.put(property, value);
            }
        }
        if (!fresh && send.containsKey(OnEmailConflict.EMAIL) && work.target.omitsConflictingEmail()) {
            // The email may have been kept in stripe_email after a conflict; once HubSpot takes the
            // email it is cleared there (if HubSpot refuses it again, the retry fills it anew).
            send.put(OnEmailConflict.PLAIN_EMAIL, "");
        }
        send.put(Bookkeeping.VERSION, Long.toString(version));
        if (fresh || !current.hash().equals(work.hash)) {
            send.put(Bookkeeping.HASH, work.hash);
        }
        if (fresh || current.deleted()) {
            send.put(Bookkeeping.DELETED, "false");
        }
        work.send = send;
    }

    private static void decideDelete(Work work, Work.Current current) {
        OnDelete onDelete = work.target.onDelete();
        if (current != null && current.archived()) {
            // Already gone from HubSpot: nothing to stamp, and an archived record cannot be written.
            work.outcome = RecordOutcome.APPLIED;
            return;
        }
        if (current == null && onDelete != OnDelete.ARCHIVE) {
            // Creating a visible, empty record only to carry a tombstone would litter the CRM.
            work.outcome = RecordOutcome.APPLIED;
            return;
        }
        Map<String, String> send = new LinkedHashMap<>();
        if (onDelete == OnDelete.CLEAR) {
            work.target.propertyNames().forEach(p -> send.put(p, ""));
        }
        send.put(Bookkeeping.VERSION, Long.toString(work.record.version()));
        send.put(Bookkeeping.HASH, Bookkeeping.TOMBSTONE);
        send.put(Bookkeeping.DELETED, "true");
        work.send = send;
        work.archiveAfter = onDelete == OnDelete.ARCHIVE;
    }
}
