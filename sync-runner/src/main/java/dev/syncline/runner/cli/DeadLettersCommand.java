package dev.syncline.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code syncline dead-letters}: the records destinations refused, to list, inspect and replay. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List, inspect and replay the records destinations refused.",
        subcommands = {DeadLettersListCommand.class, DeadLettersShowCommand.class, DeadLettersReplayCommand.class})
final class DeadLettersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
