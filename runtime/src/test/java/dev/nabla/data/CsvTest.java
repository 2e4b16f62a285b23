package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  private static Csv.Table read(String text) throws IOException {
    return Csv.read(new StringReader(text));
  }

  private static String rejection(String text) {
    return assertThrows(IllegalArgumentException.class, () -> read(text)).getMessage();
  }

  @Test
  void readsHeaderAndRowsKeepingMissingFieldsAsEmptyStrings() throws IOException {
    Csv.Table table = read("Id,Cl.thickness,Bare.nuclei,Class\n"
        + "1000025,5,1,benign\n"
        + "1057013,8,,malignant\n"
        + "1096800,6,,\n");
    assertEquals(List.of("Id", "Cl.thickness", "Bare.nuclei", "Class"), table.header());
    assertEquals(3, table.rows().size());
    assertEquals(List.of("1057013", "8", "", "malignant"), table.rows().get(1));
    assertEquals(List.of("1096800", "6", "", ""), table.rows().get(2));
    assertEquals(2, table.column("Bare.nuclei"));
  }

  @Test
  void handlesQuotedFieldsWithSeparatorsLineBreaksAndDoubledQuotes() throws IOException {
    Csv.Table table = read("name,note\n\"Smith, J\",\"said \"\"hi\"\"\nand left\"\n\"\",x\n");
    assertEquals(List.of("Smith, J", "said \"hi\"\nand left"), table.rows().get(0));
    assertEquals(List.of("", "x"), table.rows().get(1));
  }

  @Test
  void acceptsCrLfBlankLinesByteOrderMarkAndMissingFinalLineBreak() throws IOException {
    Csv.Table table = read("\uFEFFa,b\r\n\r\n1,2\r\n\n3,4");
    assertEquals(List.of("a", "b"), table.header());
    assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), table.rows());
  }

  @Test
  void readsOtherSeparators() throws IOException {
    Csv.Table table = Csv.read(new StringReader("a;b\n1,5;2\n"), ';');
    assertEquals(List.of("1,5", "2"), table.rows().get(0));
  }

  @Test
  void rejectsRecordWithWrongFieldCountNamingTheLine() {
    assertEquals("line 3 has 2 fields but the header has 3", rejection("a,b,c\n1,2,3\n4,5\n"));
    assertEquals("line 2 has 4 fields but the header has 3", rejection("a,b,c\n1,2,3,\n"));
  }

  @Test
  void rejectsMalformedQuoting() {
    assertTrue(rejection("a,b\n\"open,2\n").contains("never closed"));
    assertTrue(rejection("a,b\n\"x\"y,2\n").contains("after the closing quote"));
    assertTrue(rejection("a,b\nx\"y,2\n").contains("quote inside an unquoted field"));
  }

  @Test
  void rejectsEmptyText() {
    assertTrue(rejection("").contains("header"));
    assertTrue(rejection("\n\n").contains("header"));
  }

  @Test
  void headerOnlyGivesNoRows() throws IOException {
    assertEquals(0, read("a,b\n").rows().size());
  }

  @Test
  void unknownColumnNameIsRejectedListingTheHeader() throws IOException {
    Csv.Table table = read("a,b\n1,2\n");
    String message =
        assertThrows(IllegalArgumentException.class, () -> table.column("c")).getMessage();
    assertEquals("no column named 'c'; the header is [a, b]", message);
  }
}
