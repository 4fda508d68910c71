package org.actionalerts.platform;

import java.lang.reflect.Type;
import java.sql.Types;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.argument.NullArgument;
import org.jdbi.v3.core.argument.ObjectArgument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.ColumnMapperFactory;

/**
 * An enum stored as its own lower-case word (the outbox's kind and status, a channel). Parsing compares the stored
 * word exactly, never through {@code toUpperCase()}, so it means the same under any default locale. Jdbi reads and
 * binds such a column as the word where {@link Mappers} and {@link Arguments} are registered.
 */
public interface StoredValue {
    String dbValue();

    static <E extends Enum<E> & StoredValue> E parse(Class<E> type, String dbValue) {
        for (E value : type.getEnumConstants()) {
            if (value.dbValue().equals(dbValue)) {
                return value;
            }
        }
        throw new IllegalArgumentException("Not a stored " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
                + ": " + dbValue);
    }

    /** Reads a column of one of these enums from its stored word (SQL NULL stays null). */
    final class Mappers implements ColumnMapperFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Optional<ColumnMapper<?>> build(Type type, ConfigRegistry config) {
            Class<?> raw = GenericTypes.getErasedType(type);
            if (!raw.isEnum() || !StoredValue.class.isAssignableFrom(raw)) {
                return Optional.empty();
            }
            Class enumType = raw;
            return Optional.of((rs, column, ctx) -> {
                String stored = rs.getString(column);
                return stored == null ? null : parse(enumType, stored);
            });
        }
    }

    /** Binds one of these enums as its stored word. */
    final class Arguments implements ArgumentFactory.Preparable {
        @Override
        public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
            Class<?> raw = GenericTypes.getErasedType(type);
            if (!raw.isEnum() || !StoredValue.class.isAssignableFrom(raw)) {
                return Optional.empty();
            }
            return Optional.of(value -> value == null ? new NullArgument(Types.VARCHAR)
                    : ObjectArgument.of(((StoredValue) value).dbValue(), Types.VARCHAR));
        }
    }
}
