package org.actionalerts.platform.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Every string read from a JSON body, in any field, list or map, is refused when it holds a control character; the
 * error mapper answers 422 naming the field. One rule at the door instead of a check in every resource.
 */
public final class ControlCharacterRefusingModule extends SimpleModule {
    public ControlCharacterRefusingModule() {
        super("control-character-refusing");
        addDeserializer(String.class, new Strings());
        // Map keys too (a template's language, say): they are read by a key deserializer, not the one above.
        addKeyDeserializer(String.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
                if (ControlCharacters.present(key)) {
                    throw new Refused(ctxt.getParser());
                }
                return key;
            }
        });
    }

    /** Thrown by the deserializer; its path names the field. */
    public static final class Refused extends MismatchedInputException {
        Refused(JsonParser p) {
            super(p, ControlCharacters.REFUSAL, String.class);
        }
    }

    private static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (ControlCharacters.present(value)) {
                throw new Refused(p);
            }
            return value;
        }
    }
}
