-- Each product as the orders feed last described it (ProductChanged: raised when a product
-- is created and at every update), so that answers about products can show the name people
-- know ("Green tea 250 g") and the SKU next to "products/{id}". The latest event wins (the
-- feed is applied in order); a product analytics has received no ProductChanged of is not
-- here, and its name is shown as empty. display_name is '' for events written before they
-- carried it. A rebuild fills its "_rebuild" twin like every table it derives (and so fills
-- it from the whole feed, including the ProductChanged events published before analytics
-- subscribed to them).
CREATE TABLE product_names (
  product VARCHAR(64) NOT NULL PRIMARY KEY,
  sku VARCHAR(64) NOT NULL,
  display_name VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
