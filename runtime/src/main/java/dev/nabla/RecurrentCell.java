package dev.nabla;

/**
 * The weights of a {@link Recurrent} cell as two dense views: {@link #input()} holds W_ih and b,
 * {@link #hidden()} holds W_hh without a bias. Both appear in {@link NablaModel#layers()}, named
 * {@code <field>.input} and {@code <field>.hidden}. A simple cell's are in × units and
 * units × units; an LSTM's are in × 4·units and units × 4·units, the columns of each being the
 * gates i, f, g, o in blocks of units.
 */
public interface RecurrentCell {
  Dense input();

  Dense hidden();
}
