import { ReviewMessage } from "@/components/review/review-message";

export default function ReviewNotFound() {
  return (
    <ReviewMessage title="This review link does not open a board">
      <p>It may have been revoked by the author, it may have expired, or part of it is missing.</p>
      <p>Ask the author for a new link.</p>
    </ReviewMessage>
  );
}
