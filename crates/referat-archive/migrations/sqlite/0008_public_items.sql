-- The items the public may see. Every public read of items goes through this view,
-- so that "a closed item is never shown" is written once, here.
CREATE VIEW public_items AS SELECT * FROM items WHERE closed = 0;
