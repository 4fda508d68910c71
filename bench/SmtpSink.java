import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP sink for the email benchmark (JDK only, loopback only, no TLS, no auth): accepts every
 * message, keeps nothing but the time each one's DATA ended.
 *
 * <pre>
 *   java bench/SmtpSink.java PORT CONTROL_PORT [maxSeconds=900]
 * </pre>
 * {@code CONTROL_PORT} answers one line per connection: "COUNT" → messages received; "TIMES" → each message's
 * receive time in epoch microseconds, one per line. Stops itself after {@code maxSeconds}.
 */
public class SmtpSink {
    private static final int MAX_RECORDS = 5_000_000;
    private static final long[] times = new long[MAX_RECORDS];
    private static final AtomicInteger received = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int controlPort = Integer.parseInt(args[1]);
        long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 900;
        InetAddress lo = InetAddress.getLoopbackAddress();
        ServerSocket smtp = new ServerSocket(port, 256, lo);
        ServerSocket control = new ServerSocket(controlPort, 16, lo);
        daemon(() -> accept(smtp, SmtpSink::session));
        daemon(() -> accept(control, SmtpSink::control));
        System.out.println("SMTP sink listening on 127.0.0.1:" + port + " (control " + controlPort + ")");
        Thread.sleep(maxSeconds * 1000);
        System.out.println("SMTP sink: time limit reached, stopping");
        System.exit(0);
    }

    interface Handler {
        void handle(Socket s) throws IOException;
    }

    private static void accept(ServerSocket server, Handler handler) {
        while (true) {
            try {
                Socket s = server.accept();
                daemon(() -> {
                    try (s) {
                        handler.handle(s);
                    } catch (IOException ignored) {
                        // client went away
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
    }

    private static void session(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
        OutputStream out = s.getOutputStream();
        reply(out, "220 localhost bench SMTP sink");
        String line;
        while ((line = readLine(in)) != null) {
            String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
            switch (cmd) {
                case "EHLO" -> reply(out, "250-localhost\r\n250-8BITMIME\r\n250-SIZE 52428800\r\n250 SMTPUTF8");
                case "HELO" -> reply(out, "250 localhost");
                case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                case "DATA" -> {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    String l;
                    while ((l = readLine(in)) != null && !l.equals(".")) {
                        // discard the message
                    }
                    Instant now = Instant.now();
                    int n = received.getAndIncrement();
                    if (n < MAX_RECORDS) {
                        times[n] = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                    }
                    reply(out, "250 OK queued");
                }
                case "QUIT" -> {
                    reply(out, "221 Bye");
                    return;
                }
                default -> reply(out, "502 Command not implemented");
            }
        }
    }

    private static void control(Socket s) throws IOException {
        String cmd = readLine(new BufferedInputStream(s.getInputStream()));
        OutputStream out = s.getOutputStream();
        int n = Math.min(received.get(), MAX_RECORDS);
        if ("TIMES".equals(cmd)) {
            StringBuilder sb = new StringBuilder(n * 18);
            for (int i = 0; i < n; i++) {
                sb.append(times[i]).append('\n');
            }
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write((n + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CRLF; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
