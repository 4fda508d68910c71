package org.actionalerts.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP server for what GreenMail cannot do: refuse chosen recipients with a chosen reply (e.g.
 * {@code 550 5.1.1 User unknown} or {@code 450 4.2.0 Mailbox busy}) and count connections. No AUTH, no TLS.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-smtp");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    public ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::accept);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** RCPT TO for this address is answered with {@code reply}, e.g. "550 5.1.1 User unknown". */
    public ScriptedSmtpServer refuse(String address, String reply) {
        recipientReplies.put(address.toLowerCase(), reply);
        return this;
    }

    public int connections() {
        return connections.get();
    }

    /** Recipients of the messages accepted, one entry per message and recipient. */
    public List<String> delivered() {
        return List.copyOf(delivered);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                executor.execute(() -> converse(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = client.getOutputStream()) {
            reply(out, "220 scripted ESMTP");
            List<String> recipients = new CopyOnWriteArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO" -> reply(out, "250-scripted\r\n250 8BITMIME");
                    case "HELO", "MAIL", "NOOP" -> reply(out, "250 OK");
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        String address = line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase();
                        String scripted = recipientReplies.get(address);
                        if (scripted == null) {
                            recipients.add(address);
                        }
                        reply(out, scripted == null ? "250 OK" : scripted);
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // discard the content
                        }
                        delivered.addAll(recipients);
                        recipients.clear();
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException ignored) {
            // The client went away.
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        executor.shutdownNow();
    }
}
