export { Component } from "@/app/routes/staff-placeholder";
