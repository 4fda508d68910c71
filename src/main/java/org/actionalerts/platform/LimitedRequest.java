package org.actionalerts.platform;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body has no declared length, counted as it is read: past the limit, the rest is read and
 * discarded up to the drain bound, then every read fails with 413 (the reader's work, e.g. an import's
 * transaction, is then rolled back).
 */
final class LimitedRequest extends HttpServletRequestWrapper {
    private final LimitedBody body;

    LimitedRequest(HttpServletRequest request, long limit, long drainBound, RefusedBodies refused) throws IOException {
        super(request);
        this.body = new LimitedBody(request.getInputStream(), limit, drainBound, refused);
    }

    /** True when the body was refused and goes on past the drain bound: its connection must be closed. */
    boolean refusedWithBodyLeft() {
        return body.refused && !body.ended;
    }

    ServletInputStream rawBody() throws IOException {
        return super.getInputStream();
    }

    @Override
    public ServletInputStream getInputStream() {
        return body;
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(body, charset));
    }

    private static final class LimitedBody extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final long drainBound;
        private final RefusedBodies refusedBodies;
        private long read;
        private boolean refused;
        private boolean ended;

        LimitedBody(ServletInputStream in, long limit, long drainBound, RefusedBodies refusedBodies) {
            this.in = in;
            this.limit = limit;
            this.drainBound = drainBound;
            this.refusedBodies = refusedBodies;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (refused) {
                throw BodySizeLimitFilter.tooLarge(limit);
            }
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                if (read > limit) {
                    refused = true;
                    ended = refusedBodies.discard(in, drainBound - read);
                    throw BodySizeLimitFilter.tooLarge(limit);
                }
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
