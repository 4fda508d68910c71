import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;

/**
 * The benchmarks' HTTP client: one keep-alive HTTP/1.1 connection that writes a pre-encoded request, reads the
 * status and skips the body. java.net.http used a third of the machine's two cores by itself, which the
 * service under test then did not have. Compiled by the bench scripts and put on the harnesses' classpath.
 */
public final class KeepAliveConnection {
    private final URI target;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public KeepAliveConnection(URI target) {
        this.target = target;
    }

    /** The answer's status, or -1 when the connection failed (it is opened again for the next request). */
    public int exchange(byte[] request) {
        try {
            if (socket == null) {
                socket = new Socket(target.getHost(), target.getPort());
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream(), 16_384);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String status = line();
            long length = 0;
            boolean chunked = false;
            boolean closes = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closes = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().strip(), 16); size > 0; size = Long.parseLong(line().strip(), 16)) {
                    in.skipNBytes(size);
                    line();
                }
                line();
            } else {
                in.skipNBytes(length);
            }
            if (closes) {
                close();
            }
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            close();
            return -1;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }
}
