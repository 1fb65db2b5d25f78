-- A district viewer of a hub where district names repeat across cities (鼓楼区 is in Xuzhou, Nanjing, Fuzhou
-- and Kaifeng) is tied to their city and province too; NULL in a city hub.
ALTER TABLE operators ADD COLUMN city TEXT;
ALTER TABLE operators ADD COLUMN province TEXT;
