ALTER TABLE "circulations" DROP COLUMN "transport";--> statement-breakpoint
ALTER TABLE "circulations" DROP COLUMN "reference";--> statement-breakpoint
ALTER TABLE "circulations" DROP COLUMN "error";