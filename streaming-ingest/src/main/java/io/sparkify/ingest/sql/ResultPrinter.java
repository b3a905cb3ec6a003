package io.sparkify.ingest.sql;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/** Prints a query result in an {@link OutputFormat}. */
public final class ResultPrinter {

    private static final String NULL = "NULL";

    private ResultPrinter() {
    }

    /**
     * @param maxRows rows printed at most (the table format must hold them in memory to align them)
     * @return rows printed
     */
    public static long print(Dataset<Row> result, OutputFormat format, int maxRows, PrintWriter out) {
        Dataset<Row> limited = result.limit(maxRows);
        long n = switch (format) {
            case TABLE -> table(limited, out);
            case CSV -> csv(limited, out);
            case JSON -> json(limited, out);
        };
        out.flush();
        return n;
    }

    private static long table(Dataset<Row> df, PrintWriter out) {
        StructField[] fields = df.schema().fields();
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            width[i] = fields[i].name().length();
        }
        for (Iterator<Row> it = df.toLocalIterator(); it.hasNext(); ) {
            Row r = it.next();
            String[] line = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                line[i] = r.isNullAt(i) ? NULL : text(r.get(i));
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                header.append(" | ");
                rule.append("-+-");
            }
            header.append(pad(fields[i].name(), width[i], numeric(fields[i])));
            rule.append("-".repeat(width[i]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (String[] line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    b.append(" | ");
                }
                b.append(pad(line[i], width[i], numeric(fields[i])));
            }
            out.println(b.toString().stripTrailing());
        }
        out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
        return cells.size();
    }

    private static long csv(Dataset<Row> df, PrintWriter out) {
        StructField[] fields = df.schema().fields();
        List<String> header = new ArrayList<>();
        for (StructField f : fields) {
            header.add(csvCell(f.name()));
        }
        out.println(String.join(",", header));
        long n = 0;
        for (Iterator<Row> it = df.toLocalIterator(); it.hasNext(); n++) {
            Row r = it.next();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(r.isNullAt(i) ? "" : csvCell(text(r.get(i))));
            }
            out.println(b);
        }
        return n;
    }

    private static long json(Dataset<Row> df, PrintWriter out) {
        long n = 0;
        for (Iterator<String> it = df.toJSON().toLocalIterator(); it.hasNext(); n++) {
            out.println(it.next());
        }
        return n;
    }

    /** Binary values (quarantined raw records) print as their UTF-8 text, not as an array reference. */
    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static boolean numeric(StructField f) {
        return f.dataType() instanceof NumericType;
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    /** RFC 4180: quote when the value holds a comma, quote or line break; double inner quotes. */
    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
