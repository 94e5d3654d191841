package io.drover.config.sections;

import io.drover.config.Credentials;
import io.drover.config.InetServerSpec;
import io.drover.config.UnixServerSpec;
import io.drover.config.ini.PyText;
import io.drover.config.values.InetAddress;
import io.drover.config.values.PathValues;
import io.drover.config.values.Scalars;
import io.drover.config.values.SystemNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [inet_http_server]} and {@code [unix_http_server]}: as supervisord, every section whose name starts with
 * one of these is a server of that kind, in file order.
 */
public final class HttpServerParser {
    private HttpServerParser() {
    }

    public static List<InetServerSpec> inet(ParseContext ctx) {
        List<InetServerSpec> out = new ArrayList<>();
        for (String section : ctx.doc().sectionNames()) {
            if (!section.startsWith("inet_http_server")) {
                continue;
            }
            SectionReader r = ctx.reader(section);
            Optional<Credentials> creds = credentials(r);
            SectionReader.Opt port = r.get("port", null, Map.of());
            if (port.text() == null) {
                throw r.error("section [" + section + "] has no port value");
            }
            InetAddress addr = r.convert(port, InetAddress::parse);
            out.add(new InetServerSpec(addr.host(), addr.port(), creds, section));
        }
        return out;
    }

    public static List<UnixServerSpec> unix(ParseContext ctx) {
        List<UnixServerSpec> out = new ArrayList<>();
        for (String section : ctx.doc().sectionNames()) {
            if (!section.startsWith("unix_http_server")) {
                continue;
            }
            SectionReader r = ctx.reader(section);
            SectionReader.Opt file = r.get("file", null, Map.of("here", ctx.here()));
            if (file.text() == null) {
                throw r.error("section [" + section + "] has no file value");
            }
            Optional<Credentials> creds = credentials(r);
            SectionReader.Opt chownOpt = r.get("chown", null, Map.of());
            Optional<String> chown = Optional.empty();
            if (chownOpt.text() != null) {
                r.convert(chownOpt, v -> {
                    try {
                        return SystemNames.userGroup(v);
                    } catch (io.drover.config.values.BadValue e) {
                        throw new io.drover.config.values.BadValue("Invalid sockchown value " + v);
                    }
                });
                chown = Optional.of(chownOpt.text());
            }
            SectionReader.Opt chmodOpt = r.get("chmod", null, Map.of());
            int chmod = 0700;
            if (chmodOpt.text() != null) {
                chmod = r.convert(chmodOpt, v -> {
                    try {
                        return Scalars.octal(v);
                    } catch (io.drover.config.values.BadValue e) {
                        throw new io.drover.config.values.BadValue("Invalid chmod value " + v);
                    }
                });
            }
            out.add(new UnixServerSpec(PathValues.normalize(PyText.strip(file.text())), chmod, chown, creds,
                    section));
        }
        return out;
    }

    private static Optional<Credentials> credentials(SectionReader r) {
        SectionReader.Opt user = r.get("username", null, Map.of());
        SectionReader.Opt pass = r.get("password", null, Map.of());
        if (user.text() == null && pass.text() == null) {
            return Optional.empty();
        }
        if (user.text() == null || pass.text() == null) {
            throw r.error(user.present() ? user : pass, "Section [" + r.section()
                    + "] contains incomplete authentication: If a username or a password is specified, both the "
                    + "username and password must be specified");
        }
        return Optional.of(new Credentials(user.text(), pass.text()));
    }
}
