package io.drover.config.sections;

import io.drover.config.EventListenerSpec;
import io.drover.config.FcgiSocketSpec;
import io.drover.config.GroupKind;
import io.drover.config.GroupSpec;
import io.drover.config.ProcessSpec;
import io.drover.config.values.BadValue;
import io.drover.config.values.Scalars;
import io.drover.config.values.SystemNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * supervisord's {@code process_groups_from_parser}: {@code [group:x]} sections first (their programs leave their own
 * groups), then {@code [program:x]}, {@code [eventlistener:x]} and {@code [fcgi-program:x]}; the result is sorted by
 * priority, then name.
 */
public final class GroupsParser {
    static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";

    private GroupsParser() {
    }

    public static List<GroupSpec> parse(ParseContext ctx, boolean stripAnsi) {
        List<String> all = ctx.doc().sectionNames();
        Set<String> known = new HashSet<>(all);
        Set<String> excluded = new HashSet<>();
        List<GroupSpec> groups = new ArrayList<>();
        Map<String, Object> here = Map.of("here", ctx.here());

        for (String groupSection : all) {
            if (!groupSection.startsWith("group:")) {
                continue;
            }
            SectionReader r = ctx.reader(groupSection);
            String groupName = name(r, groupSection);
            SectionReader.Opt programsOpt = r.get("programs", null, here);
            List<String> programs = Scalars.listOfStrings(programsOpt.text());
            int priority = r.convert(r.get("priority", "999", here), Scalars::integer);
            List<ProcessSpec> processes = new ArrayList<>();
            // supervisord reuses its loop variable, so after the first program its messages name that program.
            String current = groupSection;
            for (String program : programs) {
                String programSection = "program:" + program;
                String fcgiSection = "fcgi-program:" + program;
                boolean isProgram = known.contains(programSection);
                boolean isFcgi = known.contains(fcgiSection);
                if (!isProgram && !isFcgi) {
                    throw r.error(programsOpt, "[" + current + "] names unknown program or fcgi-program " + program);
                }
                if (isProgram && isFcgi) {
                    throw r.error(programsOpt, "[" + current + "] name " + program
                            + " is ambiguous (exists as program and fcgi-program)");
                }
                current = isProgram ? programSection : fcgiSection;
                excluded.add(current);
                processes.addAll(ProgramParser.processes(ctx, current, groupName, stripAnsi));
            }
            groups.add(new GroupSpec(groupName, GroupKind.GROUP, priority, processes, Optional.empty(),
                    Optional.empty()));
        }

        for (String section : all) {
            if (!section.startsWith("program:") || excluded.contains(section)) {
                continue;
            }
            SectionReader r = ctx.reader(section);
            String programName = name(r, section);
            int priority = r.convert(r.get("priority", "999", here), Scalars::integer);
            groups.add(new GroupSpec(programName, GroupKind.PROGRAM, priority,
                    ProgramParser.processes(ctx, section, programName, stripAnsi), Optional.empty(),
                    Optional.empty()));
        }

        for (String section : all) {
            if (section.startsWith("eventlistener:")) {
                groups.add(eventListener(ctx, section, stripAnsi));
            }
        }

        for (String section : all) {
            if (section.startsWith("fcgi-program:") && !excluded.contains(section)) {
                groups.add(fcgiProgram(ctx, section, stripAnsi));
            }
        }
        // supervisord's Config.__lt__: priority, then name.
        groups.sort(Comparator.comparingInt(GroupSpec::priority).thenComparing(GroupSpec::name));
        return groups;
    }

    private static String name(SectionReader r, String section) {
        try {
            return Scalars.processOrGroupName(section.split(":", 2)[1]);
        } catch (BadValue e) {
            throw r.error(e.getMessage());
        }
    }

    private static GroupSpec eventListener(ParseContext ctx, String section, boolean stripAnsi) {
        SectionReader r = ctx.reader(section);
        Map<String, Object> here = Map.of("here", ctx.here());
        String poolName = section.split(":", 2)[1];
        int priority = r.convert(r.get("priority", "-1", here), Scalars::integer);
        SectionReader.Opt bufOpt = r.get("buffer_size", "10", here);
        int bufferSize = r.convert(bufOpt, Scalars::integer);
        if (bufferSize < 1) {
            throw r.error(bufOpt, "[" + section + "] section sets invalid buffer_size (" + bufferSize + ")");
        }
        SectionReader.Opt handlerOpt = r.get("result_handler", DEFAULT_RESULT_HANDLER, here);
        // Drover cannot import Python callables; only supervisord's own handler can be honoured.
        PythonImportSpec.refusal(handlerOpt.text(), section, Map.of("supervisor.dispatchers", Set.of("default_handler")))
                .ifPresent(reason -> {
                    throw r.error(handlerOpt, reason);
                });
        SectionReader.Opt eventsOpt = r.get("events", "", here);
        Set<String> events = new LinkedHashSet<>();
        for (String e : Scalars.listOfStrings(eventsOpt.text())) {
            events.add(e.toUpperCase(Locale.ROOT));
        }
        if (events.isEmpty()) {
            throw r.error(eventsOpt, "[" + section + "] section requires an \"events\" line");
        }
        for (String e : events) {
            if (!EventTypeNames.ALL.contains(e)) {
                throw r.error(eventsOpt, "Unknown event type " + e + " in [" + section + "] events");
            }
        }
        SectionReader.Opt redirect = r.get("redirect_stderr", "false", here);
        if (r.convert(redirect, Scalars::bool)) {
            throw r.error(redirect, "[" + section + "] section sets redirect_stderr=true but this is not allowed "
                    + "because it will interfere with the eventlistener protocol");
        }
        List<ProcessSpec> processes = ProgramParser.processes(ctx, section, poolName, stripAnsi);
        return new GroupSpec(poolName, GroupKind.EVENT_LISTENER, priority, processes, Optional.empty(),
                Optional.of(new EventListenerSpec(new ArrayList<>(events), bufferSize, handlerOpt.text())));
    }

    private static GroupSpec fcgiProgram(ParseContext ctx, String section, boolean stripAnsi) {
        SectionReader r = ctx.reader(section);
        Map<String, Object> here = Map.of("here", ctx.here());
        String programName = name(r, section);
        int priority = r.convert(r.get("priority", "999", here), Scalars::integer);
        SectionReader.Opt userOpt = r.get("user", null, here);
        if (userOpt.text() != null) {
            r.convert(userOpt, SystemNames::user);
        }
        SectionReader.Opt backlogOpt = r.get("socket_backlog", null, here);
        Optional<Integer> backlog = Optional.empty();
        if (backlogOpt.text() != null) {
            long b = r.convert(backlogOpt, Scalars::pyInt); // Python's int has no bound: range-check first
            if (b < 1 || b > 65535) {
                throw r.error(backlogOpt, "Invalid socket_backlog value " + b);
            }
            backlog = Optional.of((int) b);
        }
        SectionReader.Opt ownerOpt = r.get("socket_owner", null, here);
        Optional<String> owner = Optional.empty();
        if (ownerOpt.text() != null) {
            r.convert(ownerOpt, v -> {
                try {
                    return SystemNames.userGroup(v);
                } catch (BadValue e) {
                    throw new BadValue("Invalid socket_owner value " + v);
                }
            });
            owner = Optional.of(ownerOpt.text());
        }
        SectionReader.Opt modeOpt = r.get("socket_mode", null, here);
        Optional<Integer> mode = Optional.empty();
        if (modeOpt.text() != null) {
            mode = Optional.of(r.convert(modeOpt, v -> {
                try {
                    return Scalars.octal(v);
                } catch (BadValue e) {
                    throw new BadValue("Invalid socket_mode value " + v);
                }
            }));
        }
        SectionReader.Opt sockOpt = r.get("socket", null, Map.of("here", ctx.here(), "program_name", programName));
        if (sockOpt.text() == null || sockOpt.text().isEmpty()) {
            throw r.error(sockOpt, "[" + section + "] section requires a \"socket\" line");
        }
        final Optional<String> fOwner = owner;
        final Optional<Integer> fMode = mode;
        final Optional<Integer> fBacklog = backlog;
        FcgiSocketSpec socket = r.convert(sockOpt, v -> {
            try {
                return FcgiSocketParser.parse(v, fOwner, fMode, fBacklog);
            } catch (BadValue e) {
                throw new BadValue(e.getMessage() + " in [" + section + "] socket");
            }
        });
        List<ProcessSpec> processes = ProgramParser.processes(ctx, section, programName, stripAnsi);
        return new GroupSpec(programName, GroupKind.FCGI, priority, processes, Optional.of(socket),
                Optional.empty());
    }
}
