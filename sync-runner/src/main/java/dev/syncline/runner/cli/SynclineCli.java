package dev.syncline.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code syncline} command line: {@code run}, {@code backfill}, {@code demo}, {@code validate} and {@code dead-letters}. */
@Command(name = "syncline", mixinStandardHelpOptions = true, version = "Syncline 0.1.0",
        description = "Syncs Stripe data into warehouses and CRMs.",
        subcommands = {RunCommand.class, BackfillCommand.class, DemoCommand.class, ValidateCommand.class, DeadLettersCommand.class,
                CommandLine.HelpCommand.class})
public final class SynclineCli implements Runnable {
    /** Exit code for an invalid configuration. */
    static final int INVALID_CONFIGURATION = 2;
    /** Exit code when a pipeline failed. */
    static final int PIPELINE_FAILED = 3;
    /** Exit code when a dead-letter replay left some records pending (refused again, or not written). */
    static final int DEAD_LETTERS_REMAIN = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code; the same entry point as {@link #main}. */
    public static int execute(String... args) {
        return new CommandLine(new SynclineCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
