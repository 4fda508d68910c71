package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.actionalerts.support.TwilioSignatures;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    // Twilio's published example (DESIGN.md, Testing).
    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String EXPECTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static final Map<String, String> PARAMS = Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+14158675309",
            "Digits", "1234",
            "From", "+14158675309",
            "To", "+18005551212");

    private final TwilioSignature signature = new TwilioSignature(TOKEN, "https://mycompany.com");

    @Test
    void acceptsTwilioPublishedVector() {
        assertThat(signature.verify("/myapp.php", "foo=1&bar=2", PARAMS, EXPECTED)).isTrue();
    }

    @Test
    void computesTwilioPublishedVector() {
        assertThat(TwilioSignatures.compute(TOKEN, URL, PARAMS)).isEqualTo(EXPECTED);
    }

    @Test
    void buildsTheSignedUrlFromThePublicBaseUrl() {
        assertThat(new TwilioSignature(TOKEN, "https://mycompany.com/").url("/myapp.php", "foo=1&bar=2")).isEqualTo(URL);
    }

    @Test
    void rejectsWrongSignature() {
        assertThat(signature.verify("/myapp.php", "foo=1&bar=2", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B9=")).isFalse();
        assertThat(signature.verify("/myapp.php", "foo=1&bar=2", PARAMS, TwilioSignatures.compute("54321", URL, PARAMS))).isFalse();
    }

    @Test
    void rejectsTamperedParameters() {
        Map<String, String> tampered = new HashMap<>(PARAMS);
        tampered.put("Digits", "9999");
        assertThat(signature.verify("/myapp.php", "foo=1&bar=2", tampered, EXPECTED)).isFalse();

        Map<String, String> extra = new HashMap<>(PARAMS);
        extra.put("MessageStatus", "delivered");
        assertThat(signature.verify("/myapp.php", "foo=1&bar=2", extra, EXPECTED)).isFalse();
    }

    @Test
    void rejectsTamperedUrl() {
        assertThat(signature.verify("/myapp.php", "foo=1&bar=3", PARAMS, EXPECTED)).isFalse();
        assertThat(new TwilioSignature(TOKEN, "https://evil.example").verify("/myapp.php", "foo=1&bar=2", PARAMS, EXPECTED)).isFalse();
    }

    @Test
    void rejectsMissingSignatureOrToken() {
        assertThat(signature.verify("/myapp.php", "foo=1&bar=2", PARAMS, null)).isFalse();
        assertThat(signature.verify("/myapp.php", "foo=1&bar=2", PARAMS, "")).isFalse();
        assertThat(new TwilioSignature(null, "https://mycompany.com").verify("/myapp.php", "foo=1&bar=2", PARAMS, EXPECTED)).isFalse();
        assertThat(new TwilioSignature(" ", "https://mycompany.com").verify("/myapp.php", "foo=1&bar=2", PARAMS, EXPECTED)).isFalse();
    }

    @Test
    void roundTripsASignedStatusCallback() {
        TwilioSignature ours = new TwilioSignature("secret-token", "https://alerts.example.org");
        Map<String, String> params = Map.of("MessageSid", "SM0123456789abcdef0123456789abcdef", "MessageStatus", "delivered");
        String header = TwilioSignatures.compute("secret-token", ours.url("/webhooks/twilio/status", null), params);
        assertThat(ours.verify("/webhooks/twilio/status", null, params, header)).isTrue();
    }
}
