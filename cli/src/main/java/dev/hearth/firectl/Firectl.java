package dev.hearth.firectl;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** firectl for Hearth. {@link #run} is the whole program, callable in-process; {@link #main} wires it to the JVM. */
public final class Firectl {
    private static final int API_ERROR = 1;
    private static final int USAGE_ERROR = 2;
    private static final int HELP_WIDTH = 100;
    private static final int LONG_OPTIONS_WIDTH = 28;

    private Firectl() {}

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.getenv(), args));
    }

    /**
     * Runs one command line. Returns 0 on success, 1 when the server refused or could not be reached, 2 on a usage
     * or configuration error; every failure prints exactly one {@code firectl: message} line to {@code err}.
     */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        GlobalOptions globals = new GlobalOptions();
        boolean terminal = err == System.err && System.console() != null && System.console().isTerminal();
        CommandLine commandLine = CommandTree.build(globals, new CommandContext(globals, env, out, err, terminal));
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandListRenderer());
        commandLine.setOut(outWriter)
                .setErr(errWriter)
                .setUsageHelpWidth(HELP_WIDTH)
                .setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> fail(err, e.getMessage() + " (see '"
                        + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')", USAGE_ERROR))
                .setExecutionExceptionHandler((e, command, parsed) ->
                        fail(err, describe(e), e instanceof UsageException ? USAGE_ERROR : API_ERROR));
        int status = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return status;
    }

    private static int fail(PrintStream err, String message, int status) {
        err.println("firectl: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        return status;
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
