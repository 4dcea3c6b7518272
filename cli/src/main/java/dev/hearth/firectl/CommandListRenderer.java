package dev.hearth.firectl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpSectionRenderer;

/** The command list of {@code firectl --help}: every group with every command under it, not just the groups. */
final class CommandListRenderer implements IHelpSectionRenderer {
    private static final int NAME_WIDTH = 30;

    @Override
    public String render(Help help) {
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(),
                new Column(NAME_WIDTH, 2, Overflow.SPAN), new Column(width - NAME_WIDTH, 1, Overflow.WRAP));
        for (CommandLine group : distinct(help.commandSpec().subcommands())) {
            table.addRowValues(names(group), description(group));
            for (CommandLine command : distinct(group.getSubcommands())) {
                table.addRowValues("  " + names(command), description(command));
            }
        }
        return table.toString();
    }

    /** Picocli lists a command once per alias; this keeps one entry each. */
    private static List<CommandLine> distinct(Map<String, CommandLine> subcommands) {
        return new ArrayList<>(new LinkedHashSet<>(subcommands.values()));
    }

    private static String names(CommandLine command) {
        List<String> names = new ArrayList<>(List.of(command.getCommandName()));
        names.addAll(List.of(command.getCommandSpec().aliases()));
        return String.join(", ", names);
    }

    /** The first description line: the summary; later lines are details for the command's own help. */
    private static String description(CommandLine command) {
        String[] description = command.getCommandSpec().usageMessage().description();
        return description.length == 0 ? "" : description[0];
    }
}
