-- Kiosk store, version 4: cancelling a booking at the kiosk where it was
-- made, by its 查询码 and the last 4 digits of the phone given when booking.
-- The phone itself lives only in the outbox entry and is wiped once the
-- server acknowledged it; beside the booking stays only the HMAC-SHA-256 of
-- those 4 digits under the device key (hex), which the kiosk recomputes from
-- what the resident types. cancel_id is the booking_cancel record queued for
-- it: until that record is acknowledged the server's free count does not
-- know the place came free, and the kiosk adds it back itself.
ALTER TABLE bookings ADD COLUMN phone_tail_mac TEXT;
ALTER TABLE bookings ADD COLUMN cancel_id TEXT REFERENCES outbox (id);
