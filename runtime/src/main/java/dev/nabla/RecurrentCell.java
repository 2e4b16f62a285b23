package dev.nabla;

/**
 * The weights of a {@link Recurrent} cell as two dense views: {@link #input()} holds W_ih
 * (in × units) and b, {@link #hidden()} holds W_hh (units × units) without a bias. Both appear in
 * {@link NablaModel#layers()}, named {@code <field>.input} and {@code <field>.hidden}.
 */
public interface RecurrentCell {
  Dense input();

  Dense hidden();
}
