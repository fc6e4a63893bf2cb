package dev.syncline.runner.cli;

import dev.syncline.connector.record.Json;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.deadletter.DeadLetter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code syncline dead-letters show ID}: one dead letter, everything about it, the payload pretty-printed. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one dead letter in full, with its payload.")
final class DeadLettersShowCommand extends DeadLetterCommand {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @Parameters(index = "0", paramLabel = "ID", description = "The dead letter's id, as 'list' shows it.")
    long id;

    @Override
    void checkOptions(SynclineConfig valid) {
        if (id < 1) {
            throw new IllegalArgumentException("ID must be a dead letter's id (a positive number), not " + id);
        }
    }

    @Override
    int run(SynclineConfig valid, StateDatabase state) {
        DeadLetter letter = state.store().deadLetters().get(id).blockOptional(TIMEOUT)
                .orElseThrow(() -> new IllegalArgumentException("there is no dead letter " + id + "; see syncline dead-letters list --status all"));
        System.out.print(render(letter));
        return 0;
    }

    static String render(DeadLetter letter) {
        String n = System.lineSeparator();
        return "Dead letter " + letter.id() + n
                + "  pipeline:      " + letter.pipeline() + " (destination " + letter.destinationType() + ")" + n
                + "  object:        " + letter.record().key().objectType() + " " + letter.record().key().id()
                + " of account " + letter.record().key().accountId() + n
                + "  operation:     " + letter.record().operation().name().toLowerCase(Locale.ROOT)
                + ", version " + letter.record().version() + ", read by " + letter.record().origin().name().toLowerCase(Locale.ROOT) + n
                + "  status:        " + letter.status().column()
                + (letter.replayedAt() == null ? "" : " at " + DeadLetterTable.TIME.format(letter.replayedAt())) + n
                + "  attempts:      " + letter.attempts() + n
                + "  first failure: " + DeadLetterTable.TIME.format(letter.firstFailedAt()) + n
                + "  last failure:  " + DeadLetterTable.TIME.format(letter.lastFailedAt()) + n
                + "  reason:        " + letter.reason() + n
                + "  payload:" + n
                + Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(letter.record().payload()) + n;
    }
}
