package io.drover.http.xmlrpc;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Decodes an XML-RPC {@code <methodCall>} the way supervisord's handler does, on a hardened StAX parser
 * (Woodstox: one shared, thread-safe factory whose readers are cheap to create, unlike the JDK's, which sets up
 * its security manager and scanners anew for each reader — most of the CPU of a small call).
 *
 * <p>Hardening: DTDs are refused outright (so no external entity, no entity expansion, no billion laughs), external
 * entities and entity replacement are off, and any resolver request fails. Element depth is capped.
 *
 * <p>Decoding mirrors supervisord's element-by-element rules: {@code int}/{@code i4} → {@link Integer} (or
 * {@link BigInteger} beyond 32 bits), {@code boolean} → true only for {@code 1}, {@code string} and bare
 * {@code <value>} text → {@link String}, {@code double} → {@link Double}, {@code dateTime.iso8601} →
 * {@link LocalDateTime}, {@code base64} → the decoded bytes as a UTF-8 {@link String}, {@code array} →
 * {@link List}, {@code struct} → {@link LinkedHashMap}, {@code nil} → null. An unknown type element yields its raw
 * text, as supervisord's parser does.
 */
public final class XmlRpcRequestParser {
    private static final int MAX_DEPTH = 256;
    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private XmlRpcRequestParser() {
    }

    static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = new WstxInputFactory(); // no service lookup across the classpath
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are refused: " + systemId);
        });
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH);
        return f;
    }

    /** One element of the request, reduced bottom-up to its decoded value ({@code text}) as supervisord does. */
    private static final class Node {
        final String tag;
        final StringBuilder rawText = new StringBuilder();
        final List<Node> children = new ArrayList<>();
        Object text;

        Node(String tag) {
            this.tag = tag;
        }
    }

    /** Parses a request body; any XML error or undecodable value is a {@link MalformedRequestException}. */
    public static MethodCall parse(byte[] body) throws MalformedRequestException {
        Document d = decode(body);
        return new MethodCall(Optional.ofNullable(d.methodName()), d.params() == null ? List.of() : d.params());
    }

    /**
     * Any XML-RPC document decoded by the same rules: a {@code <methodCall>} or, for droverctl's client, a
     * {@code <methodResponse>}.
     *
     * @param root       the root element's name
     * @param methodName the {@code <methodName>} text, null when absent
     * @param params     the {@code <params>} values, null when absent
     * @param fault      the value inside {@code <fault>}, null when absent
     */
    public record Document(String root, String methodName, List<Object> params, Object fault) {
    }

    /** Decodes a whole document on the hardened parser; errors as {@link #parse(byte[])}. */
    public static Document decode(byte[] body) throws MalformedRequestException {
        XMLStreamReader reader;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
        } catch (XMLStreamException e) {
            throw new MalformedRequestException("unreadable XML: " + e.getMessage(), e);
        }
        Holder result = new Holder();
        try {
            List<Node> stack = new ArrayList<>();
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD ->
                            throw new MalformedRequestException("a DTD is not allowed in an XML-RPC request");
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new MalformedRequestException("entity reference &" + reader.getLocalName()
                                    + "; is not allowed");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (result.root == null) {
                            result.root = qualifiedName(reader);
                        }
                        if (stack.size() >= MAX_DEPTH) {
                            throw new MalformedRequestException("XML nested deeper than " + MAX_DEPTH);
                        }
                        Node node = new Node(qualifiedName(reader));
                        if (!stack.isEmpty()) {
                            stack.get(stack.size() - 1).children.add(node);
                        }
                        stack.add(node);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) {
                            Node top = stack.get(stack.size() - 1);
                            // like ElementTree's .text: only the text before the first child counts
                            if (top.children.isEmpty()) {
                                top.rawText.append(reader.getText());
                            }
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Node node = stack.remove(stack.size() - 1);
                        reduce(node, result);
                    }
                    default -> {
                        // comments, processing instructions: ignored
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new MalformedRequestException("malformed XML: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MalformedRequestException("undecodable XML-RPC value: " + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing to release
            }
        }
        return new Document(result.root, result.method, result.params, result.fault);
    }

    private static final class Holder {
        String root;
        String method;
        List<Object> params;
        Object fault;
    }

    private static String qualifiedName(XMLStreamReader reader) {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
    }

    private static String textOf(Node n) {
        return n.rawText.length() == 0 ? null : n.rawText.toString();
    }

    private static String requireText(Node n) throws MalformedRequestException {
        String t = textOf(n);
        if (t == null) {
            throw new MalformedRequestException("<" + n.tag + "> has no text");
        }
        return t;
    }

    private static void reduce(Node n, Holder result) throws MalformedRequestException {
        switch (n.tag) {
            case "int", "i4" -> {
                BigInteger v = PyValues.parseInt(requireText(n));
                n.text = v.bitLength() < 32 ? (Object) v.intValue() : v;
            }
            case "boolean" -> n.text = "1".equals(textOf(n));
            case "string" -> n.text = textOf(n) == null ? "" : textOf(n);
            case "double" -> n.text = PyValues.parseFloat(requireText(n));
            case "dateTime.iso8601" -> {
                try {
                    n.text = LocalDateTime.parse(requireText(n), ISO8601);
                } catch (DateTimeParseException e) {
                    throw new MalformedRequestException("bad dateTime.iso8601 " + textOf(n), e);
                }
            }
            case "base64" -> n.text = decodeBase64(textOf(n) == null ? "" : textOf(n));
            case "array" -> n.text = first(n).text;
            case "data" -> {
                List<Object> items = new ArrayList<>(n.children.size());
                for (Node c : n.children) {
                    items.add(c.text);
                }
                n.text = items;
            }
            case "struct" -> {
                Map<String, Object> struct = new LinkedHashMap<>();
                for (Node member : n.children) {
                    if (member.children.size() != 2) {
                        throw new MalformedRequestException("a struct member needs a name and a value");
                    }
                    Object key = member.children.get(0).text;
                    struct.put(key == null ? "" : PyValues.str(key), member.children.get(1).text);
                }
                n.text = struct;
            }
            case "param" -> n.text = first(n).text;
            case "value" -> n.text = n.children.isEmpty()
                    ? (textOf(n) == null ? "" : textOf(n))
                    : n.children.get(0).text;
            case "methodName" -> result.method = textOf(n);
            case "fault" -> {
                n.text = textOf(n);
                result.fault = n.children.isEmpty() ? null : n.children.get(0).text;
            }
            case "params" -> {
                List<Object> params = new ArrayList<>(n.children.size());
                for (Node c : n.children) {
                    params.add(c.text);
                }
                result.params = params;
                n.text = textOf(n);
            }
            default -> n.text = textOf(n);
        }
        n.children.forEach(c -> c.children.clear()); // like elem.clear(): keep memory flat
    }

    private static Node first(Node n) throws MalformedRequestException {
        if (n.children.isEmpty()) {
            throw new MalformedRequestException("<" + n.tag + "> is empty");
        }
        return n.children.get(0);
    }

    private static String decodeBase64(String text) throws MalformedRequestException {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("bad base64: " + e.getMessage(), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("base64 value is not UTF-8 text", e);
        }
    }
}
