package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only holds others ({@code firectl}, {@code firectl user}); run on its own it is a usage error. */
@Command
final class CommandGroup implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String choices = String.join(", ", spec.subcommands().values().stream().map(CommandLine::getCommandName).distinct().toList());
        throw new UsageException("missing command: choose one of " + choices + " (see '" + spec.qualifiedName() + " --help')");
    }
}
